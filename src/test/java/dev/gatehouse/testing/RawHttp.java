package dev.gatehouse.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * Sends exactly the bytes a test writes, for requests a well-behaved client library refuses to make (control
 * characters in headers, invalid methods, broken encodings). Loopback only.
 */
public final class RawHttp {

    private final int port;

    public RawHttp(int port) {
        this.port = port;
    }

    /** A response as text: the status code, and everything received (headers and body). */
    public record Response(int status, String text) {}

    /** Sends {@code head} (request line and headers, without the blank line) and {@code body}. */
    public Response send(String head, byte[] body) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(15_000);
            OutputStream out = socket.getOutputStream();
            String fullHead = head + "\r\nHost: 127.0.0.1:" + port + "\r\nConnection: close"
                    + (body.length > 0 ? "\r\nContent-Length: " + body.length : "") + "\r\n\r\n";
            out.write(fullHead.getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
            socket.shutdownOutput(); // nothing more is coming: a server waiting for more body sees the end
            String text = new String(readAll(socket.getInputStream()), StandardCharsets.UTF_8);
            int status =
                    text.startsWith("HTTP/1.") && text.length() >= 12 ? Integer.parseInt(text.substring(9, 12)) : -1;
            return new Response(status, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int n;
        try {
            while ((n = in.read(buffer)) >= 0) {
                all.write(buffer, 0, n);
            }
        } catch (java.net.SocketException closedByServer) {
            // the server may close after answering an oversized request; what arrived is the answer
        }
        return all.toByteArray();
    }
}
