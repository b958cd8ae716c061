package io.ucfleet.labca.x509;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;
import org.bouncycastle.util.io.pem.PemWriter;

import io.ucfleet.platform.problem.DomainProblem;
import io.ucfleet.platform.problem.ProblemType;

/** PEM in and out (RFC 7468 labels). Reading is strict: text outside the blocks is allowed, a broken block is not. */
public final class Pem {
    private Pem() {
    }

    public record Block(String label, byte[] der) {
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

    /** Every PEM block of the text; none, or one that does not decode, is a 400 {@code invalid-pem} naming {@code what}. */
    public static List<Block> read(String text, String what) {
        List<Block> blocks = new ArrayList<>();
        if (text != null) {
            try (PemReader reader = new PemReader(new StringReader(text))) {
                PemObject o;
                while ((o = reader.readPemObject()) != null) {
                    blocks.add(new Block(o.getType(), o.getContent()));
                }
            } catch (IOException | RuntimeException e) {
                throw new DomainProblem(ProblemType.INVALID_PEM, what + " is not valid PEM: a block does not decode as base64.");
            }
        }
        if (blocks.isEmpty()) {
            throw new DomainProblem(ProblemType.INVALID_PEM, what + " holds no PEM block (-----BEGIN ...-----).");
        }
        return blocks;
    }
}
