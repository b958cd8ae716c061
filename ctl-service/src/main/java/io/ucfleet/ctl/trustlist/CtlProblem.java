package io.ucfleet.ctl.trustlist;

/** A refusal the caller can act on, with its HTTP status and problem type slug. */
public class CtlProblem extends RuntimeException {
    public final int status;
    public final String slug;

    public CtlProblem(int status, String slug, String detail) {
        super(detail, null, false, false);
        this.status = status;
        this.slug = slug;
    }

    public static CtlProblem conflict(String slug, String detail) {
        return new CtlProblem(409, slug, detail);
    }
}
