package dev.gatehouse.session;

/** How many sessions are live right now, and for how many distinct users. */
public record SessionStatistics(long liveSessions, long distinctUsers) {}
