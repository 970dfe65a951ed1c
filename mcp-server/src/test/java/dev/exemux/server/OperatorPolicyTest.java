package dev.exemux.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OperatorPolicyTest {

    private static OperatorPolicy policy(Map<String, String> env) {
        return ExemuxConfig.fromEnvironment(env).policy();
    }

    private static String problem(String variable, Map<String, String> env) {
        ConfigException e = assertThrows(ConfigException.class, () -> ExemuxConfig.fromEnvironment(env));
        assertEquals(variable, e.variable());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        return e.getMessage();
    }

    @Test
    void byDefaultNothingIsRestricted() {
        OperatorPolicy p = policy(Map.of());
        assertFalse(p.readOnly());
        assertEquals(List.of(), p.allowedExeIds());
        assertFalse(policy(Map.of("EXEMUX_READ_ONLY", " ")).readOnly(), "blank counts as unset");
    }

    @Test
    void readOnlyAcceptsTheUsualSpellingsOfOnAndOff() {
        for (String on : List.of("1", "true", "on", "ON", "yes")) {
            assertTrue(policy(Map.of("EXEMUX_READ_ONLY", on)).readOnly(), on);
        }
        for (String off : List.of("0", "false", "off", "no")) {
            assertFalse(policy(Map.of("EXEMUX_READ_ONLY", off)).readOnly(), off);
        }
        assertTrue(problem("EXEMUX_READ_ONLY", Map.of("EXEMUX_READ_ONLY", "maybe")).contains("'maybe'"));
    }

    @Test
    void allowedExeIdsAreCommaSeparatedGlobs() {
        assertEquals(List.of("build-*", "local", "gpu-?"),
                policy(Map.of("EXEMUX_ALLOWED_EXE_IDS", " build-* , local,,gpu-?,local")).allowedExeIds());
        assertTrue(problem("EXEMUX_ALLOWED_EXE_IDS", Map.of("EXEMUX_ALLOWED_EXE_IDS", "build/*")).contains("'build/*'"));
        assertTrue(problem("EXEMUX_ALLOWED_EXE_IDS", Map.of("EXEMUX_ALLOWED_EXE_IDS", "[ab]")).contains("wildcards"));
        assertTrue(problem("EXEMUX_ALLOWED_EXE_IDS", Map.of("EXEMUX_ALLOWED_EXE_IDS", " , ,")).contains("no pattern"));
    }

    @Test
    void theConfigurationDescribesThePolicy() {
        String s = ExemuxConfig.fromEnvironment(Map.of("EXEMUX_READ_ONLY", "1", "EXEMUX_ALLOWED_EXE_IDS", "a*")).toString();
        assertTrue(s.contains("readOnly=on") && s.contains("[a*]"), s);
    }
}
