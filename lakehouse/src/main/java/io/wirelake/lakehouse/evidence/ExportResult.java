package io.wirelake.lakehouse.evidence;

import java.nio.file.Path;
import java.util.Map;

/**
 * A finished export.
 *
 * @param directory the folder holding capture.pcapng, calls.jsonl and manifest.json
 * @param manifest the manifest as written, keys sorted
 */
public record ExportResult(Path directory, Map<String, Object> manifest, long packets, long calls) {}
