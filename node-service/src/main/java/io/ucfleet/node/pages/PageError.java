package io.ucfleet.node.pages;

import java.net.URI;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;

import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.SecurityIdentity;
import io.ucfleet.platform.problem.DomainProblem;
import io.ucfleet.platform.problem.ProblemBody;
import io.ucfleet.platform.problem.ProblemType;

/**
 * What every page class shows for a failure (each declares one mapper, since a resource's
 * {@code @ServerExceptionMapper} serves that class only): a browser without credentials goes to
 * the login form, a script with wrong ones gets the Basic challenge, a refusal or domain problem
 * is shown as the API states it, anything else is logged with an instance and shown by it only.
 */
record PageError(int status, String title, String detail) {
    private static final Logger LOG = Logger.getLogger(PageError.class);

    /** A page class's error template. */
    interface Template {
        TemplateInstance error(Views.Session s, int status, String title, String detail);
    }

    static Response respond(Throwable e, HttpHeaders headers, SecurityIdentity identity, Views.Session session, Template page) {
        if (e instanceof UnauthorizedException || e instanceof AuthenticationFailedException) {
            if (headers.getHeaderString(HttpHeaders.AUTHORIZATION) == null) {
                return Response.seeOther(URI.create(CertificateManagementPages.LOGIN)).build();
            }
            return render(new PageError(401, "Not signed in", "Send HTTP Basic credentials of an account, or sign in at "
                    + CertificateManagementPages.LOGIN + "."), null, page)
                    .header(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"ucfleet\"").build();
        }
        return render(of(e, identity), session, page).build();
    }

    private static PageError of(Throwable e, SecurityIdentity identity) {
        if (e instanceof ForbiddenException) {
            return new PageError(403, ProblemType.FORBIDDEN.title, "Changes need an account with the admin role; "
                    + (identity.isAnonymous() ? "this request has none." : identity.getPrincipal().getName()
                            + " has read-only access.") + " Nothing was changed.");
        }
        if (e instanceof PageRefusal r) {
            return new PageError(r.status, r.title, r.getMessage());
        }
        if (e instanceof DomainProblem p) {
            return new PageError(p.type().status, p.type().title, p.detail());
        }
        if (e instanceof WebApplicationException w && w.getResponse().getStatus() < 500) {
            DomainProblem p = ProblemBody.httpLayer(w.getResponse().getStatus());
            return new PageError(w.getResponse().getStatus(), p.type().title, p.detail());
        }
        // the client's fault at the HTTP layer (a malformed multipart form, a body cut short or too large), as the API answers it
        DomainProblem clientFault = io.ucfleet.platform.http.HttpEdge.clientFault(e, maxBodyBytes());
        if (clientFault != null) {
            return new PageError(clientFault.type().status, clientFault.type().title, clientFault.detail());
        }
        String instance = ProblemBody.newInstance();
        LOG.errorf(e, "unexpected error on a page, problem instance %s", instance);
        return new PageError(500, ProblemType.INTERNAL.title, "The node could not complete the request; it is logged as "
                + instance + ".");
    }

    private static long maxBodyBytes() {
        return org.eclipse.microprofile.config.ConfigProvider.getConfig().getOptionalValue("quarkus.http.limits.max-body-size",
                io.quarkus.runtime.configuration.MemorySize.class).map(io.quarkus.runtime.configuration.MemorySize::asLongValue)
                .orElse(4L << 20);
    }

    private static Response.ResponseBuilder render(PageError error, Views.Session s, Template page) {
        return Response.status(error.status()).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .entity(page.error(s, error.status(), error.title(), error.detail()).render());
    }
}
