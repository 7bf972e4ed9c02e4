package dev.valence.hazelcast;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Forwards TCP connections accepted on one address to a fixed target, byte for byte: it lets hosts
 * in network namespaces reach a server that listens on loopback only (the test PostgreSQL), without
 * reconfiguring that server. Its outgoing connections come from loopback, so the server's
 * authentication rules for local clients apply unchanged.
 */
final class TcpForwarder implements AutoCloseable {
    private final ServerSocket server;
    private final String targetHost;
    private final int targetPort;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();

    private TcpForwarder(ServerSocket server, String targetHost, int targetPort) {
        this.server = server;
        this.targetHost = targetHost;
        this.targetPort = targetPort;
    }

    /** Listens on a free port of {@code bind} and forwards each connection to the target. */
    static TcpForwarder start(String bind, String targetHost, int targetPort) throws IOException {
        ServerSocket server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getByName(bind), 0));
        TcpForwarder forwarder = new TcpForwarder(server, targetHost, targetPort);
        daemon("forward-accept-" + server.getLocalPort(), forwarder::accept);
        return forwarder;
    }

    /** @return the port it listens on */
    int port() {
        return server.getLocalPort();
    }

    private void accept() {
        while (!server.isClosed()) {
            Socket in;
            try {
                in = server.accept();
            } catch (IOException e) {
                return; // closed
            }
            open.add(in);
            Socket out = new Socket();
            open.add(out);
            try {
                out.connect(new InetSocketAddress(targetHost, targetPort), 10_000);
                in.setTcpNoDelay(true);
                out.setTcpNoDelay(true);
            } catch (IOException e) {
                // The client sees its connection closed, as if the server had refused it.
                closeBoth(in, out);
                continue;
            }
            daemon("forward-up-" + in.getPort(), () -> pipe(in, out));
            daemon("forward-down-" + in.getPort(), () -> pipe(out, in));
        }
    }

    /** Copies one direction; when either side ends, both sockets close (PostgreSQL needs no half-close). */
    private void pipe(Socket from, Socket to) {
        try {
            InputStream input = from.getInputStream();
            OutputStream output = to.getOutputStream();
            byte[] buffer = new byte[16 * 1024];
            int read;
            while ((read = input.read(buffer)) >= 0) {
                output.write(buffer, 0, read);
                output.flush();
            }
        } catch (IOException e) {
            // A reset or a close on either side ends the connection; nothing to report.
        } finally {
            closeBoth(from, to);
        }
    }

    private void closeBoth(Socket a, Socket b) {
        for (Socket socket : new Socket[] {a, b}) {
            try {
                socket.close();
            } catch (IOException e) {
                // Closing is all that is left to do.
            }
            open.remove(socket);
        }
    }

    private static void daemon(String name, Runnable task) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket socket : open) {
            socket.close();
        }
        open.clear();
    }
}
