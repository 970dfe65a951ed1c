package dev.exemux.bridge.protocol;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The {@code fs/*} methods' params and results. Paths are in the session's path style (plain before 0.140,
 * {@code file://} URIs from 0.143). Flags are always sent: an omitted {@code recursive} or {@code force}
 * means {@code true} to the peer, and {@code fs/copy} refuses a missing {@code recursive}.
 */
public final class Fs {

    private Fs() {}

    /** Field names of the methods whose payloads are written and read as streams (base64 never in a tree). */
    public static final String PATH = "path";
    public static final String DATA_BASE64 = "dataBase64";
    public static final String HANDLE_ID = "handleId";
    public static final String OFFSET = "offset";
    public static final String LEN = "len";
    public static final String CHUNK = "chunk";
    public static final String EOF = "eof";
    /** {@value Methods#FS_GET_METADATA}'s size field: what tells a release that reports sizes (0.140+). */
    public static final String SIZE = "size";

    public record PathParams(String path) {}

    /**
     * {@value Methods#FS_GET_METADATA}'s result. {@code isDirectory}/{@code isFile} follow symlinks;
     * {@code isSymlink} from 0.121, {@code size} from 0.140 (null before).
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Metadata(
            @JsonProperty("isDirectory") boolean isDirectory,
            @JsonProperty("isFile") boolean isFile,
            @JsonProperty("isSymlink") boolean isSymlink,
            Long size,
            long modifiedAtMs) {}

    /** {@value Methods#FS_READ_DIRECTORY}'s result: bare names, unsorted, symlinks as their target's type. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Directory(List<Entry> entries) {
        public Directory {
            entries = entries == null ? List.of() : entries;
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Entry(String fileName, @JsonProperty("isDirectory") boolean isDirectory, @JsonProperty("isFile") boolean isFile) {}

    public record CreateDirectoryParams(String path, boolean recursive) {}

    public record RemoveParams(String path, boolean recursive, boolean force) {}

    public record CopyParams(String sourcePath, String destinationPath, boolean recursive) {}

    /** {@code mode: "replace"} opens for writing (0.165 and later). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record OpenParams(String handleId, String path, String mode) {
        public static final String REPLACE = "replace";
    }

    public record HandleParams(String handleId) {}

    /** {@value Methods#FS_CANONICALIZE}'s result: a {@code file://} URI from 0.140, a plain path before. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Canonical(String path) {}
}
