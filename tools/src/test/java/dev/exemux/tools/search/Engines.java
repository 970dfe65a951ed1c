package dev.exemux.tools.search;

import dev.exemux.executor.Executor;
import dev.exemux.executor.ProcessListener;
import dev.exemux.executor.ProcessSpec;
import java.io.File;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;

/** Makes an executor run a given engine: as it is (rg), or with rg (and grep) hidden from its processes' PATH. */
final class Engines {

    static final List<String> ALL = List.of("rg", "grep", "walk");

    /** What the engines' script may use besides rg and grep. */
    private static final List<String> TOOLS = List.of("sh", "dash", "bash", "find", "xargs", "sort", "tr", "comm", "mktemp", "rm",
            "git", "grep", "rg", "cat", "env", "seq", "mkdir", "touch", "printf");

    private Engines() {}

    private static final Map<Set<String>, Path> BINS = new HashMap<>();

    /**
     * A directory of links to the tools the engines' script uses, less {@code hidden}: the PATH a search
     * process is given. Made once per JVM, outside any test's @TempDir (JUnit warns about each link it deletes).
     */
    private static synchronized Path binWithout(Set<String> hidden) throws IOException {
        Path existing = BINS.get(hidden);
        if (existing != null) {
            return existing;
        }
        Path bin = Files.createTempDirectory("exemux-search-bin-");
        for (String tool : TOOLS) {
            for (String dir : List.of("/usr/local/bin", "/usr/bin", "/bin")) {
                Path target = Path.of(dir, tool);
                Path link = bin.resolve(tool);
                if (!hidden.contains(tool) && Files.isExecutable(target) && !Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    Files.createSymbolicLink(link, target);
                }
            }
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            File[] links = bin.toFile().listFiles();
            for (File link : links == null ? new File[0] : links) {
                link.delete();
            }
            bin.toFile().delete();
        }));
        BINS.put(hidden, bin);
        return bin;
    }

    /** rg must be installed for the rg runs: a hint outside CI, a failure in CI. */
    static void requireRg() {
        boolean found = false;
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator)) {
            found |= Files.isExecutable(Path.of(dir, "rg"));
        }
        if (!found) {
            String hint = "ripgrep (rg) is not installed: run scripts/install-peers.sh as root (apt-get install -y ripgrep)";
            if (System.getenv("CI") != null) {
                throw new IllegalStateException(hint);
            }
            Assumptions.abort(hint);
        }
    }

    /** {@code executor} as seen by a search that should run {@code engine}. */
    static Executor forEngine(Executor executor, String engine) throws IOException {
        if (engine.equals("rg")) {
            requireRg();
            return executor;
        }
        String path = binWithout(engine.equals("grep") ? Set.of("rg") : Set.of("rg", "grep")).toString();
        return (Executor) Proxy.newProxyInstance(Engines.class.getClassLoader(), new Class<?>[] {Executor.class}, (proxy, method, args) -> {
            if (method.getName().equals("start") && args.length == 2) {
                ProcessSpec spec = (ProcessSpec) args[0];
                Map<String, String> env = new HashMap<>(spec.env());
                env.put("PATH", path);
                return executor.start(new ProcessSpec(spec.argv(), spec.cwd(), env, spec.tty(), spec.pipeStdin()), (ProcessListener) args[1]);
            }
            try {
                return method.invoke(executor, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        });
    }
}
