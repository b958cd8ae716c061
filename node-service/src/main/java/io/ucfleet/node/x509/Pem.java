package io.ucfleet.node.x509;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;

/** PEM output (RFC 7468 labels). */
public final class Pem {
    private Pem() {
    }

    public static String certificate(byte[] der) {
        return encode("CERTIFICATE", der);
    }

    public static String encode(String label, byte[] der) {
        StringWriter out = new StringWriter();
        try (PemWriter writer = new PemWriter(out)) {
            writer.writeObject(new PemObject(label, der));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
