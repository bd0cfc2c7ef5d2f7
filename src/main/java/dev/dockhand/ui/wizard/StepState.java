package dev.dockhand.ui.wizard;

/** What the sidebar shows for a step. */
public enum StepState {
    /** Cannot be entered yet: an earlier step is not done. */
    LOCKED,
    /** Can be entered. */
    READY,
    /** Finished; its result is kept. */
    DONE,
    /** Not part of this version of Dockhand. */
    UNAVAILABLE
}
