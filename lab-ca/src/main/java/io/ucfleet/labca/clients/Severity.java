package io.ucfleet.labca.clients;

/** What a reason does to the verdict: nothing (a warning), a prompt, or a refused connection. */
public enum Severity {
    WARNING, PROMPT, REFUSED
}
