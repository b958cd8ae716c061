package io.ucfleet.platform.trustlist;

/** A file that is not a well-formed CTL/ITL; the message names the header or record and the offset. */
public class TrustListFormatException extends RuntimeException {
    public TrustListFormatException(String message) {
        super(message);
    }

    public TrustListFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
