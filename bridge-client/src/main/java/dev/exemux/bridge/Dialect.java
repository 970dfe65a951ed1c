package dev.exemux.bridge;

import dev.exemux.bridge.protocol.Initialize;
import dev.exemux.executor.ExecutorInfo.Capabilities;

/**
 * How one peer release behaves where releases differ: one component per difference, each a small type
 * owning its one decision. Learned once, at the handshake, in one place ({@link #learn}); callers ask the
 * dialect, never a version or a capability flag. Which release gets what is in docs/exec-server.md.
 *
 * @param paths plain paths or {@code file://} URIs, for fs/* and the process cwd
 * @param reads how {@code openRead} reads
 * @param writes how {@code openWrite} writes
 * @param signals how an interrupt reaches a process group
 * @param exitAfterTerminate the exit code a terminated process reports
 * @param sizes whether metadata replies carry sizes or the bridge fills them in
 * @param errors how error replies are classified
 * @param spawnErrors how a failed {@code process/start} says why
 * @param resume how long the peer keeps a detached session
 * @param offers what the executor offers beyond the bridge's behaviour (piped stdin, HTTP)
 */
record Dialect(
        PathStyle paths,
        ReadStrategy reads,
        WriteStrategy writes,
        Signals signals,
        ExitAfterTerminate exitAfterTerminate,
        Sizes sizes,
        ErrorShapes errors,
        SpawnErrors spawnErrors,
        SessionGrace resume,
        Offers offers) {

    /**
     * What the handshake probes found, on a release that reports no capabilities ({@link HandshakeProbes}).
     *
     * @param paths the path style {@code fs/getMetadata "/"} accepted (plain where both work: 0.140's
     *     {@code process/start cwd} needs plain)
     * @param sizes whether that reply carried a size
     */
    record Probed(PathStyle paths, boolean sizes, boolean readBlock, boolean writeBlock, boolean signal, boolean http) {}

    /** Whether the dialect can be learned from {@code initialize} alone; else {@link HandshakeProbes} must ask. */
    static boolean needsProbes(Initialize.Result init) {
        return init.environmentInfo() == null || !init.environmentInfo().reportsCapabilities();
    }

    /**
     * The dialect of the peer that answered {@code init}: from the capabilities it reports (0.150+), else
     * from {@code probed} (null when it reports them). The version, where reported (0.154+), decides
     * only what no capability or probe shows: the resume grace and the spawn errors. A newer release
     * than any known gets the newest behaviour.
     */
    static Dialect learn(Initialize.Result init, Probed probed) {
        Initialize.EnvironmentInfo env = init.environmentInfo();
        ReleaseVersion version = env == null ? null : ReleaseVersion.parse(env.executorVersion());
        SpawnErrors spawnErrors = version != null && !version.before(0, 171) ? SpawnErrors.DATA_KIND : SpawnErrors.MESSAGE_TEXT;
        if (!needsProbes(init)) {
            return new Dialect(
                    PathStyle.URI,
                    ReadStrategy.BLOCKS,
                    env.capability(Initialize.FILE_WRITE_STREAMING) ? WriteStrategy.BLOCKS : WriteStrategy.PARTS,
                    Signals.PROCESS_SIGNAL,
                    ExitAfterTerminate.SIGKILL_STATUS,
                    Sizes.IN_REPLY,
                    ErrorShapes.OS_ERROR_TEXT,
                    spawnErrors,
                    SessionGrace.of(version, true),
                    new Offers(true, true));
        }
        if (probed == null) {
            throw new IllegalArgumentException("a release that reports no capabilities needs the probes' answers");
        }
        return new Dialect(
                probed.paths(),
                probed.readBlock() ? ReadStrategy.BLOCKS : ReadStrategy.PROCESS_SLICES,
                probed.writeBlock() ? WriteStrategy.BLOCKS : WriteStrategy.PARTS,
                probed.signal() ? Signals.PROCESS_SIGNAL : Signals.KILL_HELPER,
                ExitAfterTerminate.MINUS_ONE,
                probed.sizes() ? Sizes.IN_REPLY : Sizes.FILLED_IN_BY_BRIDGE,
                ErrorShapes.OS_ERROR_TEXT,
                spawnErrors,
                SessionGrace.of(version, probed.readBlock()),
                new Offers(probed.http(), probed.http()));
    }

    /**
     * What an agent can rely on, for {@code ExecutorInfo}. {@code interrupt} is true on every release:
     * {@link Signals} reaches the command with {@code process/signal} or, before 0.140, a kill helper.
     */
    Capabilities capabilities() {
        return new Capabilities(reads == ReadStrategy.BLOCKS, writes == WriteStrategy.BLOCKS, true,
                offers.pipedStdin(), offers.http());
    }
}
