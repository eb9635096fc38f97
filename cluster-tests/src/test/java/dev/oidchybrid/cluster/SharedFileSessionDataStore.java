package dev.oidchybrid.cluster;

import org.eclipse.jetty.session.FileSessionDataStore;
import org.eclipse.jetty.session.FileSessionDataStoreFactory;
import org.eclipse.jetty.session.SessionData;
import org.eclipse.jetty.session.SessionDataStore;
import org.eclipse.jetty.session.SessionManager;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Jetty's {@link FileSessionDataStore}, made safe for a directory that several live nodes share.
 *
 * <p>The stock store keeps an in-memory index from session id to file name, built when it starts and updated
 * only by its own writes; and each write deletes the session's file before writing the new one (whose name
 * carries the new expiry). So a node never sees a session another node created or re-saved after it started,
 * and a reader can find no file at all in the middle of a write. This store looks the session's file up in the
 * directory on every load, existence check and delete (the newest expiry wins), and writes through a temporary
 * file moved into place atomically before the session's older files are deleted.
 */
final class SharedFileSessionDataStore extends FileSessionDataStore {

    /** Creates {@link SharedFileSessionDataStore}s with this factory's settings. */
    static final class Factory extends FileSessionDataStoreFactory {
        @Override
        public SessionDataStore getSessionDataStore(SessionManager manager) {
            SharedFileSessionDataStore store = new SharedFileSessionDataStore();
            store.setDeleteUnrestorableFiles(isDeleteUnrestorableFiles());
            store.setStoreDir(getStoreDir());
            store.setGracePeriodSec(getGracePeriodSec());
            store.setSavePeriodSec(getSavePeriodSec());
            return store;
        }
    }

    @Override
    public SessionData doLoad(String id) throws Exception {
        // the file found may be replaced by a newer one (another node's write) before it is opened: look again
        for (int attempt = 0; attempt < 3; attempt++) {
            if (index(id).isEmpty()) {
                return null;
            }
            SessionData data = super.doLoad(id);
            if (data != null) {
                return data;
            }
        }
        return null;
    }

    @Override
    public boolean doExists(String id) throws Exception {
        index(id);
        return super.doExists(id);
    }

    @Override
    public boolean delete(String id) throws Exception {
        _sessionFileMap.remove(getIdWithContext(id));
        boolean deleted = false;
        for (Path file : files(id)) {
            deleted |= Files.deleteIfExists(file);
        }
        return deleted;
    }

    @Override
    public void doStore(String id, SessionData data, long lastSaveTime) throws Exception {
        Path dir = _storeDir.toPath();
        String name = getIdWithContextAndExpiry(data);
        // no '_' in the temporary name: the store's sweeps only look at session file names
        Path temporary = dir.resolve("writing-" + UUID.randomUUID());
        try {
            try (OutputStream out = Files.newOutputStream(temporary)) {
                save(out, id, data);
            }
            Files.move(temporary, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temporary);
        }
        for (Path file : files(id)) {
            if (!file.getFileName().toString().equals(name)) {
                Files.deleteIfExists(file);
            }
        }
        _sessionFileMap.put(getIdWithContext(id), name);
    }

    /** Points the index at the session's newest file in the directory; empty (and unindexed) when none. */
    private Optional<String> index(String id) {
        String key = getIdWithContext(id);
        Optional<String> newest = files(id).stream()
                .map(file -> file.getFileName().toString())
                .max(Comparator.comparingLong(this::getExpiryFromFilename));
        newest.ifPresentOrElse(name -> _sessionFileMap.put(key, name), () -> _sessionFileMap.remove(key));
        return newest;
    }

    /** The files of session {@code id} (of this context) in the directory now. */
    private List<Path> files(String id) {
        String suffix = "_" + getIdWithContext(id);
        try (Stream<Path> files = Files.list(_storeDir.toPath())) {
            return files.filter(file -> {
                String name = file.getFileName().toString();
                return name.endsWith(suffix) && isSessionFilename(name);
            }).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + _storeDir, e);
        }
    }
}
