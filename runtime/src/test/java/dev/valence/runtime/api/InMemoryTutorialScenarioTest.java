package dev.valence.runtime.api;

import dev.valence.runtime.Valence;
import dev.valence.runtime.internal.store.InMemoryStore;

/** The tutorial scenario on the in-memory store: the same semantics without persistence. */
class InMemoryTutorialScenarioTest extends TutorialScenarioTest {
    @Override
    Valence openValence() {
        return Valence.builder().store(new InMemoryStore()).open();
    }
}
