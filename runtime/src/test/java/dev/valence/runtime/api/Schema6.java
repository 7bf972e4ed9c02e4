package dev.valence.runtime.api;

import java.nio.file.Path;
import java.sql.SQLException;

/** Turns a store of the current schema back into an older one, for the migration tests. */
final class Schema6 {
    private Schema6() {}

    /** Drops what schema 7 added: the captured output of each node. */
    static void dropCapturedOutput(Path folder) throws SQLException {
        for (String column :
                new String[] {"stdout", "stdout_bytes", "stdout_truncated", "stderr", "stderr_bytes", "stderr_truncated"
                }) {
            StoreSql.update(folder, "ALTER TABLE nodes DROP COLUMN " + column);
        }
    }
}
