package io.ucfleet.fleet.launcher;

/** A launcher command that cannot be carried out, with a sentence saying why and what to do. */
public final class LauncherException extends RuntimeException {
    public LauncherException(String message) {
        super(message);
    }
}
