package dev.exemux.tools.search;

import java.util.ArrayList;
import java.util.List;

/**
 * One search_files call, validated.
 *
 * @param root the directory searched (absolute)
 * @param pattern the line pattern (content mode), or null (files mode)
 * @param nameGlobs every glob a file's name or path must match (files mode: the pattern; and the glob argument)
 * @param afterPath the cursor's position: results start after ({@code afterPath}, {@code afterLine}); null for the first page
 */
record SearchRequest(String root, boolean filesMode, LinePattern pattern, List<NameGlob> nameGlobs, int contextLines,
                     int maxResults, boolean includeHidden, boolean respectGitignore, String afterPath, long afterLine) {

    /** Whether a file found by an engine belongs in the results (the engines' own filters are only a first cut). */
    boolean accepts(String relativePath) {
        for (String part : relativePath.split("/")) {
            if (part.equals(".git") || (!includeHidden && part.startsWith("."))) {
                return false;
            }
        }
        for (NameGlob g : nameGlobs) {
            if (!g.matches(relativePath)) {
                return false;
            }
        }
        return true;
    }

    /** Name-only globs an engine may pre-filter with: those of one glob (files must match all, so one is enough). */
    List<String> engineNameFilter() {
        for (NameGlob g : nameGlobs) {
            if (!g.namePatterns().isEmpty()) {
                return g.namePatterns();
            }
        }
        return new ArrayList<>();
    }
}
