package dev.exemux.server;

import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * What one file may hold, given the writes made to it (by one writer at a time). An acknowledged
 * write leaves exactly its content possible; a failed one adds its content to what is possible (it may
 * have landed before the failure was reported); a read collapses the possibilities to what it saw. A
 * read outside the possibilities is a lost write (an older complete version) or a half-done one
 * (content no write ever had). {@code null} stands for "no file".
 */
final class FileModel {

    enum Verdict { OK, LOST, HALF_DONE }

    final String path;
    private final Set<String> possible = new LinkedHashSet<>();
    private final Set<String> everWritten = new HashSet<>();
    private long acknowledged;

    FileModel(String path) {
        this.path = path;
        possible.add(null);
    }

    synchronized void acknowledged(String content) {
        everWritten.add(content);
        possible.clear();
        possible.add(content);
        acknowledged++;
    }

    synchronized void failed(String attempted) {
        everWritten.add(attempted);
        possible.add(attempted);
    }

    /** Checks content seen by a read (null: no file) and, when it fits, collapses to it. */
    synchronized Verdict observed(String content) {
        if (!possible.contains(content)) {
            return content == null || everWritten.contains(content) ? Verdict.LOST : Verdict.HALF_DONE;
        }
        possible.clear();
        possible.add(content);
        return Verdict.OK;
    }

    /** Whether only one content is possible (else read the file first). */
    synchronized boolean certain() {
        return possible.size() == 1;
    }

    /** The one possible content (null: no file); only meaningful when {@link #certain()}. */
    synchronized String current() {
        return possible.iterator().next();
    }

    synchronized long acknowledgedWrites() {
        return acknowledged;
    }
}
