package dev.exemux.server;

import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * {@code exemux}: {@code --help} and {@code --version} print to stdout; otherwise it serves MCP over
 * stdio until stdin ends. Nothing but JSON-RPC reaches stdout: the real stdout goes to the transport
 * and {@code System.out} is pointed at stderr before anything else runs.
 */
public final class Main {

    static final int EXIT_CONFIG = 2;

    private Main() {}

    public static void main(String[] args) {
        if (args.length > 0) {
            System.exit(commandLine(args));
        }
        SharedMapper.prepareInBackground();
        ExemuxConfig config;
        try {
            config = ExemuxConfig.fromEnvironment(System.getenv());
        } catch (ConfigException e) {
            System.err.println("exemux: " + e.getMessage());
            System.exit(EXIT_CONFIG);
            return;
        }
        OutputStream stdout = new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16);
        FileInputStream stdin = new FileInputStream(FileDescriptor.in);
        System.setOut(new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8));
        System.setIn(new ByteArrayInputStream(new byte[0]));
        Logging.configure(config.logLevel());
        System.exit(Launcher.serve(config, stdin, stdout));
    }

    private static int commandLine(String[] args) {
        String arg = args[0];
        if (args.length == 1 && (arg.equals("--help") || arg.equals("-h"))) {
            System.out.print(Usage.help());
            System.out.flush();
            return 0;
        }
        if (args.length == 1 && (arg.equals("--version") || arg.equals("-V"))) {
            System.out.println("exemux " + Usage.version());
            System.out.flush();
            return 0;
        }
        System.err.println("exemux: unknown argument '" + arg + "'; exemux takes no arguments (see exemux --help)");
        return EXIT_CONFIG;
    }
}
