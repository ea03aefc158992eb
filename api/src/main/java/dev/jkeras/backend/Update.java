package dev.jkeras.backend;

/** A state change traced into a graph (an assignment, an optimizer step); run as a target. */
public interface Update {}
