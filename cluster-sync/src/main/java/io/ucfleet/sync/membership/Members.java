package io.ucfleet.sync.membership;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

/** The current members by URL, as {@link MemberWatcher} last found them. */
@ApplicationScoped
public class Members {
    private final Map<String, Member> byUrl = new ConcurrentHashMap<>();

    /** Sorted by URL. */
    public List<Member> all() {
        return byUrl.values().stream().sorted(Comparator.comparing(m -> m.url)).toList();
    }

    /** The member the node {@code node} answered at, if any answers as it now. */
    public Optional<Member> answeringAs(String node) {
        return byUrl.values().stream().filter(m -> node.equals(m.node())).findFirst();
    }

    /** Whether {@code member} is still a member (not removed, nor replaced by a new one at its URL). */
    public boolean isCurrent(Member member) {
        return byUrl.get(member.url) == member;
    }

    boolean contains(String url) {
        return byUrl.containsKey(url);
    }

    void add(Member member) {
        byUrl.put(member.url, member);
    }

    Optional<Member> remove(String url) {
        return Optional.ofNullable(byUrl.remove(url));
    }

    List<String> urls() {
        return List.copyOf(byUrl.keySet());
    }
}
