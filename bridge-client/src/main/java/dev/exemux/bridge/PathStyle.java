package dev.exemux.bridge;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The {@link Dialect}'s path style: how a release wants absolute paths: plain ({@code /tmp/x}, up to 0.142) or {@code file://} URIs
 * (from 0.143, which rejects plain paths). Responses may carry URIs on any release.
 */
enum PathStyle {
    PLAIN,
    URI;

    private static final String SCHEME = "file://";

    String encode(String path) {
        return this == PLAIN ? path : SCHEME + percentEncode(path);
    }

    /** A plain path from either form the peer may send. */
    static String decode(String value) {
        if (value == null || !value.startsWith(SCHEME)) {
            return value;
        }
        String rest = value.substring(SCHEME.length());
        if (rest.startsWith("localhost/")) {
            rest = rest.substring("localhost".length());
        }
        return percentDecode(rest);
    }

    static String percentEncode(String path) {
        StringBuilder out = new StringBuilder(path.length() + 16);
        for (byte b : path.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '/' || c == '-' || c == '.' || c == '_' || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }

    static String percentDecode(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < s.length() && isHex(s.charAt(i + 1)) && isHex(s.charAt(i + 2))) {
                out.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                byte[] bytes = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                out.write(bytes, 0, bytes.length);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static boolean isHex(char c) {
        return Character.digit(c, 16) >= 0;
    }
}
