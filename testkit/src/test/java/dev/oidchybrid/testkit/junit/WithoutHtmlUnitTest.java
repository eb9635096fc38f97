package dev.oidchybrid.testkit.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import org.junit.jupiter.api.Test;

/** HtmlUnit is optional: the kit works without it, and only {@code webClient(..)} says it is missing. */
class WithoutHtmlUnitTest {

    @Test
    void kitWhenHtmlUnitMissingThenLoadsAndBuilds() throws Throwable {
        ClassLoader loader = new WithoutHtmlUnit(getClass().getClassLoader());
        Class<?> kit = Class.forName(OidcTestKit.class.getName(), true, loader);
        Class<?> builder = Class.forName(OidcTestKit.Builder.class.getName(), true, loader);
        assertNotSame(OidcTestKit.class, kit);

        Object built = MethodHandles.publicLookup().findVirtual(builder, "build", MethodType.methodType(kit))
                .invoke(MethodHandles.publicLookup().findStatic(kit, "builder", MethodType.methodType(builder))
                        .invoke());

        assertEquals("OidcTestKit[not running]", built.toString());
    }

    @Test
    void webClientWhenHtmlUnitMissingThenIllegalStateNamingTheDependency() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> OidcTestKit.requireHtmlUnit(new WithoutHtmlUnit(getClass().getClassLoader())));

        assertTrue(e.getMessage().contains("org.htmlunit:htmlunit"), e.getMessage());
    }

    @Test
    void webClientWhenHtmlUnitPresentThenNoComplaint() {
        OidcTestKit.requireHtmlUnit(getClass().getClassLoader());
    }

    /** Hides HtmlUnit and loads the testkit's own classes itself, so they can only link against what it shows. */
    private static final class WithoutHtmlUnit extends ClassLoader {

        WithoutHtmlUnit(ClassLoader parent) {
            super("without-htmlunit", parent);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (name.startsWith("org.htmlunit.")) {
                throw new ClassNotFoundException(name);
            }
            if (!name.startsWith("dev.oidchybrid.testkit.")) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> loaded = findLoadedClass(name);
                if (loaded == null) {
                    try (InputStream in = getParent().getResourceAsStream(name.replace('.', '/') + ".class")) {
                        if (in == null) {
                            throw new ClassNotFoundException(name);
                        }
                        byte[] bytes = in.readAllBytes();
                        loaded = defineClass(name, bytes, 0, bytes.length);
                    } catch (IOException e) {
                        throw new ClassNotFoundException(name, e);
                    }
                }
                return loaded;
            }
        }
    }
}
