package io.ucfleet.node.pages;

/** A request the pages refuse before anything changes, shown as an error page with its status. */
class PageRefusal extends RuntimeException {
    final int status;
    final String title;

    PageRefusal(int status, String title, String detail) {
        super(detail);
        this.status = status;
        this.title = title;
    }
}
