package dev.provision.playbook;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Everything under playbooks/: default variables, release artifacts, the plays in file-name
 * order and the handlers they notify.
 *
 * @param defaults variable defaults (inventory all -> group -> host values override them)
 * @param artifacts artifact name -> its spec with {{variables}} (file, sums, url, extract)
 * @param handlers handler name -> step
 * @param templates the folder of templates
 */
public record Playbook(
        Path dir,
        Map<String, Object> defaults,
        Map<String, Map<String, Object>> artifacts,
        List<Play> plays,
        Map<String, StepSpec> handlers,
        Path templates) {}
