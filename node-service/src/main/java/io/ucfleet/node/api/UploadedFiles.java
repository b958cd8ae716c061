package io.ucfleet.node.api;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;

import org.jboss.resteasy.reactive.multipart.FileUpload;

import io.ucfleet.platform.problem.DomainProblem;
import io.ucfleet.platform.problem.ProblemType;

/** A multipart file field's content, within the node's certificate upload limit: for the Expressway API and the pages. */
public final class UploadedFiles {
    private UploadedFiles() {
    }

    /** The bytes of a present file field ({@code file.uploadedFile()} not null); 413 above {@code maxBytes}. */
    public static byte[] read(FileUpload file, int maxBytes) {
        try {
            if (Files.size(file.uploadedFile()) > maxBytes) {
                throw new DomainProblem(ProblemType.PAYLOAD_TOO_LARGE, "The file is larger than " + maxBytes + " bytes.",
                        Map.of("limit", maxBytes));
            }
            return Files.readAllBytes(file.uploadedFile());
        } catch (IOException e) {
            throw new DomainProblem(ProblemType.INVALID_REQUEST, "The uploaded file cannot be read.");
        }
    }
}
