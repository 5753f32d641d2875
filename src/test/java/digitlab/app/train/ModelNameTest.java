package digitlab.app.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.LocalDateTime;

import org.junit.jupiter.api.Test;

/** Trained models are named by what they are. */
class ModelNameTest {
    private static final LocalDateTime WHEN = LocalDateTime.of(2026, 11, 30, 14, 5, 33);

    @Test
    void aNameSaysWhenHowFarAndHowWell() {
        assertEquals("mlp 2026-11-30 14:05 · 2 epochs · 97.9%", ModelName.of(WHEN, 2, 0.9791));
        assertEquals("mlp 2026-11-30 14:05 · 1 epoch · 10.1%", ModelName.of(WHEN, 1, 0.1009));
        assertEquals("mlp 2026-11-30 14:05 · 2.4 epochs", ModelName.of(WHEN, 2.44, Double.NaN));
        assertEquals("mlp 2026-11-30 14:05 · 0.02 epochs", ModelName.of(WHEN, 0.0213, Double.NaN));
    }

    @Test
    void theFileNameFollowsTheName() {
        assertEquals("mlp-2026-11-30-1405-2-epochs-97.9pct.json", ModelName.fileName(ModelName.of(WHEN, 2, 0.9791)));
        assertEquals("mlp-2026-11-30-1405-2.4-epochs.json", ModelName.fileName(ModelName.of(WHEN, 2.44, Double.NaN)));
    }
}
