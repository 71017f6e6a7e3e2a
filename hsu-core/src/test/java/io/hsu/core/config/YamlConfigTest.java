package io.hsu.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class YamlConfigTest {
    @TempDir
    Path dir;

    private final ConfigProblems problems = new ConfigProblems();

    private ConfigNode load(String yaml) {
        return YamlConfig.load(yaml, "t.yaml", YamlOptions.builder().environment(Map.of()).build(), problems);
    }

    private List<String> lines() {
        return problems.all().stream().map(ConfigProblem::toString).toList();
    }

    @Test
    void load_validMapping_noProblems() {
        ConfigNode root = load("a: 1\nb: [x, y]\n");
        assertThat(problems.all()).isEmpty();
        assertThat(root.keys()).containsExactly("a", "b");
    }

    @Test
    void load_yaml12CoreSchema_noAndOnStayText() {
        ConfigNode root = load("country: no\nswitch: on\nflag: true\n");
        assertThat(root.get("country").asString(null)).isEqualTo("no");
        assertThat(root.get("switch").asString(null)).isEqualTo("on");
        assertThat(root.get("flag").asBoolean(false)).isTrue();
    }

    @Test
    void load_emptyText_fileIsEmpty() {
        assertThat(load("").isMissing()).isTrue();
        assertThat(lines()).containsExactly("t.yaml: file is empty");
    }

    @Test
    void load_onlyWhitespaceAndComments_fileIsEmpty() {
        load("  \n# nothing here\n\n");
        assertThat(lines()).containsExactly("t.yaml: file is empty");
    }

    @Test
    void load_documentMarkerOnly_fileIsEmpty() {
        load("---\n");
        assertThat(lines()).containsExactly("t.yaml: file is empty");
    }

    @Test
    void load_tabIndentation_problemWithPosition() {
        load("a:\n\tb: 1\n");
        assertThat(lines()).containsExactly("t.yaml:2:1: tab characters cannot indent YAML; use spaces");
    }

    @Test
    void load_duplicateKeys_eachReportedAtTheRepeat() {
        load("a: 1\nb:\n  c: 1\n  c: 2\na: 3\n");
        assertThat(lines()).containsExactly(
                "t.yaml:4:3: b.c: duplicate key 'c' (first defined at line 3)",
                "t.yaml:5:1: a: duplicate key 'a' (first defined at line 1)");
    }

    @Test
    void load_twoDocuments_refused() {
        load("a: 1\n---\nb: 2\n");
        assertThat(lines()).containsExactly(
                "t.yaml:2:1: a second YAML document starts here; the file must hold exactly one");
    }

    @Test
    void load_syntaxError_oneLineWithPosition() {
        load("a: [1, 2\n");
        assertThat(lines()).containsExactly(
                "t.yaml:2:1: invalid YAML: while parsing a flow sequence: expected ',' or ']', but got <stream end>");
    }

    @Test
    void load_undefinedAlias_problem() {
        load("a: *nope\n");
        assertThat(lines()).containsExactly("t.yaml:1:4: invalid YAML: found undefined alias nope");
    }

    @Test
    void load_nonScalarKey_problem() {
        load("? [a]\n: 1\n");
        assertThat(lines()).containsExactly("t.yaml:1:3: keys must be plain values, not lists");
    }

    @Test
    void load_deepNesting_refusedWithoutStackOverflow() {
        load("[".repeat(100_000) + "]".repeat(100_000));
        assertThat(lines()).containsExactly("t.yaml:1:51: nesting is deeper than 50 levels");
    }

    @Test
    void load_deepBlockNesting_refused() {
        StringBuilder yaml = new StringBuilder();
        for (int i = 0; i < 60; i++) {
            yaml.append("  ".repeat(i)).append("k").append(i).append(":\n");
        }
        load(yaml.toString());
        assertThat(lines()).containsExactly("t.yaml:51:101: nesting is deeper than 50 levels");
    }

    @Test
    void load_billionLaughs_refusedQuickly() {
        StringBuilder yaml = new StringBuilder("l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (int i = 1; i < 10; i++) {
            yaml.append("l").append(i).append(": &l").append(i).append(" [");
            for (int j = 0; j < 10; j++) {
                yaml.append(j == 0 ? "" : ", ").append("*l").append(i - 1);
            }
            yaml.append("]\n");
        }
        ConfigNode root = load(yaml.toString());
        assertThat(root.isMissing()).isTrue();
        assertThat(lines()).containsExactly(
                "t.yaml:1:1: the document expands to more than 1000000 nodes through aliases (*name); use fewer aliases");
    }

    @Test
    void load_aliasesWithinLimits_shareTheValue() {
        ConfigNode root = load("defaults: &d {retries: 3}\nweb: *d\n");
        assertThat(problems.all()).isEmpty();
        assertThat(root.get("web").get("retries").asInt(0, 10, 0)).isEqualTo(3);
        assertThat(root.get("web").get("retries").path()).isEqualTo("web.retries");
    }

    @Test
    void load_tooManyAliases_refused() {
        ConfigProblems own = new ConfigProblems();
        YamlConfig.load("a: &a 1\nb: [*a, *a, *a]\n", "t.yaml", YamlOptions.builder().maxAliases(2).build(), own);
        assertThat(own.all()).extracting(ConfigProblem::toString)
                .containsExactly("t.yaml:2:13: more than 2 aliases (*name)");
    }

    @Test
    void load_aliasesForbidden_refused() {
        ConfigProblems own = new ConfigProblems();
        YamlConfig.load("a: &a 1\nb: *a\n", "t.yaml", YamlOptions.builder().maxAliases(0).build(), own);
        assertThat(own.all()).extracting(ConfigProblem::toString)
                .containsExactly("t.yaml:2:4: aliases (*name) are not allowed");
    }

    @Test
    void load_aliasDeepenedBeyondLimit_refused() {
        ConfigProblems own = new ConfigProblems();
        YamlConfig.load("a: &a [[[1]]]\nb: [[[*a]]]\n", "t.yaml", YamlOptions.builder().maxDepth(5).build(), own);
        assertThat(own.all()).extracting(ConfigProblem::toString)
                .containsExactly("t.yaml:1:1: nesting is deeper than 5 levels once aliases (*name) are expanded");
    }

    @Test
    void load_recursiveAlias_refused() {
        load("a: &a\n  b: *a\n");
        assertThat(lines()).containsExactly(
                "t.yaml:1:4: a.b: this alias refers to a mapping or list that contains it; recursive aliases are not allowed");
    }

    @Test
    void load_hugeDocument_refusedBeforeParsing() {
        ConfigProblems own = new ConfigProblems();
        YamlConfig.load("a: " + "x".repeat(100_000), "t.yaml", YamlOptions.builder().maxCharacters(10_000).build(), own);
        assertThat(own.all()).extracting(ConfigProblem::toString)
                .containsExactly("t.yaml: the document is longer than 10000 characters");
    }

    @Test
    void load_veryLongScalarWithinLimit_read() {
        ConfigNode root = load("a: " + "x".repeat(100_000) + "\n");
        assertThat(root.get("a").asString(null)).hasSize(100_000);
    }

    @Test
    void load_file_problemsNameTheFile() throws IOException {
        Path file = dir.resolve("hsu.yaml");
        Files.writeString(file, "a: 1\na: 2\n");
        YamlConfig.load(file, YamlOptions.ofDefaults(), problems);
        assertThat(lines()).containsExactly(file + ":2:1: a: duplicate key 'a' (first defined at line 1)");
    }

    @Test
    void load_missingFile_problem() {
        Path file = dir.resolve("absent.yaml");
        assertThat(YamlConfig.load(file, YamlOptions.ofDefaults(), problems).isMissing()).isTrue();
        assertThat(lines()).containsExactly(file + ": file not found");
    }

    @Test
    void load_directory_problem() {
        YamlConfig.load(dir, YamlOptions.ofDefaults(), problems);
        assertThat(lines()).containsExactly(dir + ": is a directory, not a file");
    }

    @Test
    void load_emptyFile_problem() throws IOException {
        Path file = Files.createFile(dir.resolve("empty.yaml"));
        YamlConfig.load(file, YamlOptions.ofDefaults(), problems);
        assertThat(lines()).containsExactly(file + ": file is empty");
    }

    @Test
    void load_invalidUtf8_problem() throws IOException {
        Path file = dir.resolve("bad.yaml");
        Files.write(file, new byte[] {'a', ':', ' ', (byte) 0xC3, (byte) 0x28, '\n'});
        YamlConfig.load(file, YamlOptions.ofDefaults(), problems);
        assertThat(lines()).containsExactly(file + ": the file is not valid UTF-8");
    }

    @Test
    void load_utf8File_read() throws IOException {
        Path file = dir.resolve("u.yaml");
        Files.writeString(file, "name: \"Caf\u00e9 \u2615\"\n", StandardCharsets.UTF_8);
        assertThat(YamlConfig.load(file, YamlOptions.ofDefaults(), problems).get("name").asString(null))
                .isEqualTo("Caf\u00e9 \u2615");
    }

    @Test
    void load_relativePath_resolvesAgainstTheFilesDirectory() throws IOException {
        Path file = dir.resolve("hsu.yaml");
        Files.writeString(file, "log: logs/web.log\nabs: /var/log/x\n");
        ConfigNode root = YamlConfig.load(file, YamlOptions.ofDefaults(), problems);
        assertThat(root.get("log").asPath(null)).isEqualTo(dir.toAbsolutePath().resolve("logs/web.log"));
        assertThat(root.get("abs").asPath(null)).isEqualTo(Path.of("/var/log/x"));
    }
}
