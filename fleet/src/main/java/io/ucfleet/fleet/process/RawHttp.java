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
}
