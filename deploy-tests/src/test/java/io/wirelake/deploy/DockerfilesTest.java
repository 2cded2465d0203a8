package io.wirelake.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The images' Dockerfiles, without a Docker engine: every instruction is one the builder knows, the base image
 * comes first, nothing is fetched from a URL, the application image does not run as root, and every file they
 * copy exists after {@code mvn package} (this module builds after cli and flink-jobs) and is what it should be.
 */
class DockerfilesTest {
  private static final String JOB_JAR_IN_IMAGE = "/opt/wirelake/wirelake-flink-jobs.jar";

  static Path root() {
    String p = System.getProperty("wirelake.root");
    return Path.of(p != null ? p : "..").toAbsolutePath().normalize();
  }

  static Dockerfile app() throws IOException {
    return Dockerfile.parse(root().resolve("docker/Dockerfile"));
  }

  static Dockerfile flink() throws IOException {
    return Dockerfile.parse(root().resolve("docker/flink/Dockerfile"));
  }

  @Test
  void bothDockerfilesAreWellFormed() throws IOException {
    for (Dockerfile d : List.of(app(), flink())) {
      assertThat(d.instructions()).as("%s", d.file()).isNotEmpty();
      assertThat(d.instructions()).as("instructions of %s", d.file())
          .allSatisfy(i -> assertThat(Dockerfile.KEYWORDS).as("line %d: %s", i.line(), i.raw()).contains(i.keyword()));
      List<Dockerfile.Instruction> beforeFrom = d.instructions().stream()
          .takeWhile(i -> !i.keyword().equals("FROM")).toList();
      assertThat(beforeFrom).as("only ARG may precede FROM in %s", d.file())
          .allSatisfy(i -> assertThat(i.keyword()).isEqualTo("ARG"));
      assertThat(d.all("FROM")).as("FROM in %s", d.file()).isNotEmpty()
          .allSatisfy(f -> assertThat(f.args()).as("FROM image").isNotEmpty());
      assertThat(d.all("ADD")).as("ADD of a URL in %s", d.file()).noneSatisfy(add ->
          assertThat(add.args()).anyMatch(a -> a.matches("(?i)(https?|ftp|git)://.*|git@.*")));
      for (Dockerfile.Instruction copy : d.all("COPY")) {
        assertThat(copy.args()).as("COPY needs a source and a destination: %s", copy.raw()).hasSizeGreaterThan(1);
      }
    }
  }

  @Test
  void applicationImageRunsTheCliAsAnUnprivilegedUser() throws IOException {
    Dockerfile d = app();
    List<Dockerfile.Instruction> users = d.all("USER");
    assertThat(users).as("USER in %s", d.file()).isNotEmpty();
    String user = users.get(users.size() - 1).args().get(0).split(":")[0];
    assertThat(user).isNotIn("root", "0");
    // the chart runs command ["wirelake"]: the launcher must be on the PATH and start the CLI's main class
    assertThat(d.all("COPY")).anySatisfy(c -> assertThat(c.args().get(c.args().size() - 1))
        .isEqualTo("/usr/local/bin/wirelake"));
    String launcher = Files.readString(root().resolve("docker/wirelake"));
    assertThat(launcher).startsWith("#!/bin/sh").contains("io.wirelake.cli.Main").contains("$home/lib/*");
    assertThat(Files.isExecutable(root().resolve("docker/wirelake"))).isTrue();
    try (JarFile cli = new JarFile(root().resolve("cli/target/wirelake-cli.jar").toFile())) {
      assertThat(cli.getEntry("io/wirelake/cli/Main.class")).as("Main in wirelake-cli.jar").isNotNull();
    }
    assertThat(Files.list(root().resolve("cli/target/lib")).map(p -> p.getFileName().toString()))
        .as("the CLI's runtime class path").anyMatch(n -> n.startsWith("wirelake-flink-jobs-"))
        .anyMatch(n -> n.startsWith("kafka-clients-")).anyMatch(n -> n.startsWith("pcap4j-core-"))
        // a warehouse on object storage: S3FileIO and the AWS SDK
        .anyMatch(n -> n.startsWith("iceberg-aws-1")).anyMatch(n -> n.startsWith("iceberg-aws-bundle-"));
  }

  @Test
  void flinkImageIsTheOfficialFlink21Java17WithTheJobJarWhereTheChartLooks() throws IOException {
    Dockerfile d = flink();
    assertThat(d.all("FROM").get(0).args().get(0)).matches("flink:2\\.1(\\.\\d+)?(-scala_2\\.12)?-java17");
    Dockerfile.Instruction copyJar = d.all("COPY").stream()
        .filter(c -> c.args().get(c.args().size() - 1).equals(JOB_JAR_IN_IMAGE)).findFirst().orElseThrow();
    assertThat(Files.readString(root().resolve("helm/values.yaml")))
        .contains("jarURI: local://" + JOB_JAR_IN_IMAGE)
        .contains("entryClass: io.wirelake.flink.job.PipelineJob");

    List<Path> jars = sources(copyJar);
    assertThat(jars).hasSize(1);
    try (JarFile jar = new JarFile(jars.get(0).toFile())) {
      assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class"))
          .isEqualTo("io.wirelake.flink.job.PipelineJob");
      assertThat(jar.getEntry("io/wirelake/flink/job/PipelineJob.class")).isNotNull();
      assertThat(jar.getEntry("org/apache/flink/connector/kafka/source/KafkaSource.class")).isNotNull();
      assertThat(jar.getEntry("org/apache/iceberg/flink/sink/IcebergSink.class")).isNotNull();
      assertThat(jar.getEntry("org/apache/kafka/clients/consumer/KafkaConsumer.class")).isNotNull();
      assertThat(jar.getEntry("org/apache/iceberg/aws/s3/S3FileIO.class")).as("S3FileIO").isNotNull();
      // Flink itself comes from the cluster, and no signature of a shaded jar may survive
      assertThat(jar.getEntry("org/apache/flink/runtime/jobgraph/JobGraph.class")).isNull();
      assertThat(jar.getEntry("org/apache/flink/streaming/api/environment/StreamExecutionEnvironment.class")).isNull();
      assertThat(jar.stream().map(e -> e.getName()))
          .noneMatch(n -> n.matches("META-INF/[^/]+\\.(SF|DSA|RSA|EC)"));
    }
  }

  @Test
  void everyCopiedFileExistsAfterPackage() throws IOException {
    for (Dockerfile d : List.of(app(), flink())) {
      for (Dockerfile.Instruction copy : d.all("COPY")) {
        if (copy.flag("from") != null) {
          continue; // from another stage or image, not the build context
        }
        List<String> args = copy.args();
        String dest = args.get(args.size() - 1);
        for (String source : args.subList(0, args.size() - 1)) {
          List<Path> matches = sources(source);
          assertThat(matches).as("%s line %d: COPY source %s (run mvn package first)", d.file(), copy.line(), source)
              .isNotEmpty();
          if (!dest.endsWith("/") && args.size() == 2 && source.contains("*")) {
            assertThat(matches).as("%s matches one file, copied to the file %s", source, dest).hasSize(1);
          }
        }
      }
    }
  }

  private static List<Path> sources(Dockerfile.Instruction copy) throws IOException {
    return sources(copy.args().get(0));
  }

  /** The build-context paths a COPY source names (relative to the repository root, globs allowed). */
  private static List<Path> sources(String source) throws IOException {
    Path root = root();
    String s = source.replaceAll("/+$", "");
    if (!s.contains("*") && !s.contains("?") && !s.contains("[")) {
      Path p = root.resolve(s);
      return Files.exists(p) ? List.of(p) : List.of();
    }
    PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + s);
    Path base = root.resolve(s.substring(0, Math.max(0, s.lastIndexOf('/', s.indexOf('*')))));
    if (!Files.isDirectory(base)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(base, 1)) {
      return files.filter(p -> m.matches(root.relativize(p))).toList();
    }
  }
}
