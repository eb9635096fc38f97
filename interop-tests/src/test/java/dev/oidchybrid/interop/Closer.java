package dev.oidchybrid.interop;

/** Closes test resources in the order given, all of them even when one fails. */
final class Closer {

    private Closer() {
    }

    /** Closes every non-null resource; rethrows the first failure with the others suppressed. */
    static void closeAll(AutoCloseable... resources) throws Exception {
        Exception failure = null;
        for (AutoCloseable resource : resources) {
            if (resource == null) {
                continue;
            }
            try {
                resource.close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
