package io.ucfleet.sync.membership;

import java.time.Clock;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;

/**
 * Reads the member list (or DNS name) every {@code ucfleet.sync.membership-interval} and tells
 * who joined and who left; the feed puller and the metrics follow those events.
 */
@ApplicationScoped
public class MemberWatcher {
    private static final Logger LOG = Logger.getLogger(MemberWatcher.class);

    /** A URL became a member; fired after it is in {@link Members}. */
    public record Joined(Member member) {
    }

    /** A URL stopped being a member; fired after it left {@link Members}. */
    public record Left(Member member) {
    }

    @Inject
    Membership membership;
    @Inject
    Members members;
    @Inject
    Clock clock;
    @Inject
    Event<Joined> joined;
    @Inject
    Event<Left> left;

    @Scheduled(identity = "sync-members", every = "${ucfleet.sync.membership-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void refresh() {
        List<String> urls = membership.urls();
        for (String url : urls) {
            if (!members.contains(url)) {
                Member member = new Member(url, clock);
                members.add(member);
                LOG.infof("member %s joined", url);
                joined.fire(new Joined(member));
            }
        }
        for (String url : members.urls()) {
            if (!urls.contains(url)) {
                members.remove(url).ifPresent(member -> {
                    LOG.infof("member %s (%s) left", url, member.node());
                    left.fire(new Left(member));
                });
            }
        }
    }
}
