package io.ucfleet.fleet.process;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;

/**
 * Bytes no HTTP client would send, on a socket of their own, for the services' edge tests: what
 * comes back until the server closes, or until a whole problem+json answer (headers and a JSON
 * body) has arrived on a connection the server keeps open. A reset after a refusal ends the answer.
 */
public final class RawHttp {
    private RawHttp() {
    }

    public static String exchange(int port, String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[8192];
            StringBuilder answer = new StringBuilder();
            int n;
            try {
                while ((n = in.read(buffer)) > 0) {
                    answer.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
                    if (answer.indexOf("\r\n\r\n") > 0 && answer.indexOf("}") > 0) {
                        break;
                    }
                }
            } catch (SocketException reset) {
                // the server closes after a refusal; what arrived is the answer
            }
            return answer.toString();
        }
    }

    /**
     * What a chunked upload got: the bytes that came back until the server closed; seconds from the
     * head until the whole body was written (or the writes failed), until the answer's first byte,
     * and until the close.
     */
    public record Upload(String answer, double written, double answered, double seconds) {
        @Override
        public String toString() {
            return String.format("written after %.2f s, answered after %.2f s, closed after %.2f s: %s", written, answered,
                    seconds, answer.replaceAll("\\s+", " "));
        }
    }

    /**
     * A chunked upload of about 5 MiB (80 chunks of 64 KiB) on {@code socket}: {@code head} (the
     * request line and header fields, {@code Transfer-Encoding: chunked} included, without the
     * blank line), then {@code start} as a first chunk and {@code filler} repeated; then what comes
     * back until the server closes (a reset after an answer keeps what arrived), or the socket's
     * timeout (the upload is cut then too). A server that answers early and stops reading stalls
     * the upload: the writes block until it closes.
     */
    public static Upload chunked(Socket socket, String head, String start, String filler) throws IOException {
        return chunked(socket, head, start, filler, 5);
    }

    /** As {@link #chunked(Socket, String, String, String)}, of about {@code mebibytes} MiB. */
    public static Upload chunked(Socket socket, String head, String start, String filler, int mebibytes) throws IOException {
        long started = System.nanoTime();
        // a write blocked on a server that stopped reading has no timeout of its own: closed after the socket's read timeout
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(Math.max(1, socket.getSoTimeout()));
                socket.close();
            } catch (InterruptedException | IOException done) {
                // answered in time
            }
        }, "raw-http-upload-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        try {
            return upload(socket, head, start, filler, mebibytes * 16, started);
        } finally {
            watchdog.interrupt();
        }
    }

    private static Upload upload(Socket socket, String head, String start, String filler, int chunks, long started)
            throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write((head + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        byte[] first = (Integer.toHexString(start.length()) + "\r\n" + start + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
        byte[] chunk = ("10000\r\n" + filler.repeat(0x10000 / filler.length()) + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
        try {
            if (!start.isEmpty()) {
                out.write(first);
            }
            for (int i = 0; i < chunks; i++) {
                out.write(chunk);
            }
            out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        } catch (IOException closed) {
            // the server answered and closed while the body was still coming
        }
        double written = (System.nanoTime() - started) / 1e9;
        double answered = -1;
        java.io.ByteArrayOutputStream answer = new java.io.ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            InputStream in = socket.getInputStream();
            int n;
            while ((n = in.read(buffer)) > 0) {
                if (answered < 0) {
                    answered = (System.nanoTime() - started) / 1e9;
                }
                answer.write(buffer, 0, n);
            }
        } catch (IOException reset) {
            // closed with unread input (or the socket's timeout): what arrived is the answer
        }
        return new Upload(answer.toString(StandardCharsets.ISO_8859_1), written, answered, (System.nanoTime() - started) / 1e9);
    }
}
