package dev.gatehouse.session;

import java.util.List;

/** One page of a session list, with how many live sessions match in all. */
public record SessionPage(List<SessionSummary> rows, long total) {
}
