package io.wirelake.benchmarks;

import io.wirelake.cli.broker.EmbeddedBroker;
import io.wirelake.ingest.kafka.TopicSetup;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * Capture rate of the live sniffer ({@code wirelake sniff}): the highest rate of UDP datagrams on {@code lo} it
 * captures and produces to Kafka without losing any, with its CPU and memory there.
 *
 * <ol>
 *   <li>Starts the embedded KRaft broker (child JVM) in a fresh temp data folder and creates the topics as
 *       {@code sniff} does (4 partitions).
 *   <li>Binds a UDP socket on 127.0.0.1:P that is never read (the datagrams have a receiver, so the kernel sends no
 *       ICMP errors; what overflows its buffer is dropped after the capture point).
 *   <li>Starts the sniffer as a child process: the java command line {@code ./wirelake} execs (same flags,
 *       {@code WIRELAKE_JAVA_OPTS} or -Xmx3g; {@code --launcher} runs {@code ./wirelake} itself, which may rebuild)
 *       with {@code sniff --interface lo --bpf "udp and port P" --bootstrap-servers B --metrics-port M}, and waits
 *       for {@code /readyz}.
 *   <li>5 s idle (the sniffer's CPU without matching traffic), a warm-up step (1,000 frames/s for 5 s, not in
 *       the table), then one step per rate: a paced sender thread
 *       sends datagrams of {@code --payload} bytes to 127.0.0.1:P for {@code --seconds}. Before and after each
 *       step it reads the sniffer's {@code /metrics}; "after" is taken once the captured count has stopped growing,
 *       libpcap's drop counters have been read again (the capture thread reads them every second) and the queue
 *       to Kafka is empty (or 60 s have passed). It also reads {@code /proc/PID/stat} (utime+stime) of the sniffer
 *       and the broker at the start and end of sending and after the drain, {@code VmRSS}/{@code VmHWM} of the
 *       sniffer, the CPU of its capture, sender, Kafka producer I/O, GC and JIT threads while sending
 *       ({@code /proc/PID/task/TID/stat}, threads named by {@code jcmd PID Thread.print}), and the kernel's backlog
 *       drops ({@code /proc/net/softnet_stat}, before any tap). "CPU ms per 1k frames" is the sniffer's CPU from
 *       the start of sending to the end of the drain, idle polling included, per thousand captured frames.
 *   <li>A step is lossless when captured == sent, kernel, interface and queue drops and produce errors did not
 *       change, and produced == captured after the drain. It stops after two lossy steps.
 * </ol>
 *
 * Prints one line per step and a markdown table. Needs root or CAP_NET_RAW. {@code --help} lists the options;
 * benchmarks/run-sniffer-rate.sh runs it.
 */
public final class SnifferRate {
  private static final PrintStream OUT = System.out;
  private static final String P = "wirelake_sniffer_";
  /** Groups of the sniffer's threads whose CPU is reported apart. */
  private static final List<String> THREAD_GROUPS = List.of("capture", "sender", "producer I/O", "GC", "JIT");

  private Path root = Paths.get("").toAbsolutePath();
  private int[] rates = {5_000, 10_000, 20_000, 40_000, 60_000, 80_000, 120_000, 160_000, 200_000, 250_000};
  private int seconds = 12;
  private int payload = 300;
  private int pauseSeconds = 2;
  private int maxLossy = 2;
  private boolean viaLauncher;
  private boolean keep;
  private String javaOpts = System.getenv().getOrDefault("WIRELAKE_JAVA_OPTS", "-Xmx3g");
  private final List<String> extraSniffArgs = new ArrayList<>();

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final long clkTck = clockTicks();
  private int metricsPort;
  private long snifferPid;
  private long brokerPid;

  public static void main(String[] args) throws Exception {
    SnifferRate r = new SnifferRate();
    if (r.parse(args)) {
      r.run();
    }
  }

  private boolean parse(String[] args) {
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--root" -> root = Paths.get(args[++i]).toAbsolutePath().normalize();
        case "--rates" -> rates = Arrays.stream(args[++i].split(",")).map(String::trim)
            .mapToInt(s -> s.toLowerCase(Locale.ROOT).endsWith("k")
                ? Integer.parseInt(s.substring(0, s.length() - 1)) * 1000 : Integer.parseInt(s)).toArray();
        case "--seconds" -> seconds = Integer.parseInt(args[++i]);
        case "--payload" -> payload = Integer.parseInt(args[++i]);
        case "--pause" -> pauseSeconds = Integer.parseInt(args[++i]);
        case "--max-lossy" -> maxLossy = Integer.parseInt(args[++i]);
        case "--launcher" -> viaLauncher = true;
        case "--keep" -> keep = true;
        case "--java-opts" -> javaOpts = args[++i];
        case "--sniff-arg" -> extraSniffArgs.add(args[++i]);
        case "-h", "--help" -> {
          OUT.println("""
              usage: SnifferRate [options]   (run from the repository root, or pass --root; as root)
                --rates LIST       frames/s per step, e.g. 5k,10k,20k (default 5k,10k,20k,40k,60k,80k,120k,160k,200k,250k)
                --seconds N        sending time per step (default 12)
                --payload N        UDP payload bytes (default 300)
                --pause N          quiet seconds between steps (default 2)
                --max-lossy N      stop after N lossy steps (default 2)
                --launcher         run ./wirelake (which rebuilds itself when sources changed) instead of the
                                   java command line it execs (the default, so no build can start)
                --java-opts OPTS   the sniffer's JVM options (default: WIRELAKE_JAVA_OPTS or -Xmx3g)
                --sniff-arg ARG    one more argument for `wirelake sniff` (repeatable), e.g. --buffer-bytes
                --keep             keep the temp folder (broker log, sniffer log)""");
          return false;
        }
        default -> throw new IllegalArgumentException("unknown option " + args[i] + " (try --help)");
      }
    }
    if (payload < 8 || payload > 1472) {
      throw new IllegalArgumentException("--payload must be between 8 and 1472 bytes");
    }
    return true;
  }

  private void run() throws Exception {
    Path work = Files.createTempDirectory("wirelake-sniffer-rate");
    Path snifferLog = work.resolve("sniff.log");
    OUT.printf(Locale.ROOT, "machine: %d CPUs, %s, %s RAM; load average %s%n", Runtime.getRuntime().availableProcessors(),
        cpuModel(), memTotal(), loadAvg());
    OUT.println("work folder: " + work);
    List<Step> steps = new ArrayList<>();
    try (EmbeddedBroker broker = EmbeddedBroker.start(work.resolve("data"), Duration.ofSeconds(90));
         DatagramChannel sink = DatagramChannel.open()) {
      brokerPid = broker.pid();
      String bootstrap = broker.bootstrapServers();
      TopicSetup.ensureTopics(bootstrap, 4, (short) 1);
      OUT.println("broker at " + bootstrap + " (pid " + brokerPid + ")");
      // the datagrams' receiver, never read: no ICMP errors; what overflows its buffer is dropped after the tap
      sink.bind(new InetSocketAddress("127.0.0.1", 0));
      int udpPort = ((InetSocketAddress) sink.getLocalAddress()).getPort();
      metricsPort = freeTcpPort();
      List<String> cmd = snifferCommand(udpPort, bootstrap);
      OUT.println("sniffer: " + String.join(" ", cmd));
      Process sniffer = new ProcessBuilder(cmd).directory(root.toFile()).redirectErrorStream(true)
          .redirectOutput(snifferLog.toFile()).start();
      Thread hook = new Thread(sniffer::destroyForcibly, "stop-sniffer");
      Runtime.getRuntime().addShutdownHook(hook);
      try {
        snifferPid = sniffer.pid();
        awaitReady(sniffer, snifferLog);
        OUT.println("sniffer ready (pid " + snifferPid + "), capturing udp port " + udpPort);
        long idle0 = cpuTicks(snifferPid);
        long idleStart = System.nanoTime();
        Thread.sleep(5_000);
        OUT.printf(Locale.ROOT, "idle (no matching traffic, 5 s): sniffer CPU %.2f cores, RSS %,d MB%n",
            (cpuTicks(snifferPid) - idle0) / (double) clkTck / ((System.nanoTime() - idleStart) / 1e9),
            memKb(snifferPid)[1] / 1024);
        Step warm = step(udpPort, 1_000, 5);
        OUT.println("warm-up: " + warm.line());
        int lossy = 0;
        for (int rate : rates) {
          Thread.sleep(pauseSeconds * 1000L);
          Step st = step(udpPort, rate, seconds);
          steps.add(st);
          OUT.println(st.line());
          if (!st.lossless() && ++lossy >= maxLossy) {
            break;
          }
        }
      } finally {
        sniffer.destroy(); // SIGTERM: the sniffer stops capturing and drains its queue (the broker still runs)
        if (!sniffer.waitFor(60, TimeUnit.SECONDS)) {
          sniffer.destroyForcibly();
        }
        Runtime.getRuntime().removeShutdownHook(hook);
        OUT.println("sniffer log (last lines):");
        try (Stream<String> lines = Files.lines(snifferLog)) {
          List<String> all = lines.toList();
          all.subList(Math.max(0, all.size() - 8), all.size()).forEach(l -> OUT.println("  " + l));
        }
      }
    } finally {
      if (!keep) {
        deleteRecursively(work);
      }
    }
    OUT.println();
    OUT.print(table(steps));
    Step best = null;
    for (Step st : steps) {
      if (!st.lossless()) {
        break;
      }
      best = st;
    }
    OUT.println();
    if (best == null) {
      OUT.println("no lossless step");
    } else {
      OUT.printf(Locale.ROOT, "highest lossless step (all steps up to it lossless): target %,d/s, sent %,.0f/s; "
              + "sniffer CPU %.2f cores while sending, RSS %,d MB (peak %,d MB)%n", best.target, best.sendRate(),
          best.snifferCores(), best.rssKb / 1024, best.hwmKb / 1024);
    }
  }

  private List<String> snifferCommand(int udpPort, String bootstrap) {
    List<String> cmd = new ArrayList<>();
    if (viaLauncher) {
      cmd.add(root.resolve("wirelake").toString());
    } else {
      cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      cmd.addAll(Arrays.asList(javaOpts.trim().split("\\s+")));
      cmd.addAll(Arrays.asList(EndToEnd.LAUNCHER_FLAGS));
      cmd.add("-cp");
      cmd.add(root.resolve("cli/target/wirelake-cli.jar") + ":" + root.resolve("cli/target/lib") + "/*");
      cmd.add("io.wirelake.cli.Main");
    }
    cmd.addAll(List.of("sniff", "--interface", "lo", "--bpf", "udp and port " + udpPort,
        "--bootstrap-servers", bootstrap, "--metrics-port", Integer.toString(metricsPort)));
    cmd.addAll(extraSniffArgs);
    return cmd;
  }

  private void awaitReady(Process sniffer, Path log) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (System.nanoTime() < deadline) {
      if (!sniffer.isAlive()) {
        throw new IllegalStateException("the sniffer exited with code " + sniffer.exitValue() + ":\n"
            + Files.readString(log));
      }
      try {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(
            "http://127.0.0.1:" + metricsPort + "/readyz")).timeout(Duration.ofSeconds(2)).build(),
            HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException("the sniffer was not ready within 90 s; see " + log);
  }

  /** One step: send at {@code rate} for {@code secs}, then wait for the sniffer to settle. */
  private Step step(int udpPort, int rate, int secs) throws Exception {
    Map<String, List<Long>> groups = threadGroups();
    Thread.sleep(300); // the attach of jcmd is not part of the step
    Map<String, Long> m0 = metrics();
    Map<String, Long> threads0 = groupTicks(groups);
    long softnet0 = softnetDrops();
    long cpu0 = cpuTicks(snifferPid);
    long bcpu0 = cpuTicks(brokerPid);
    Sender sender = new Sender(udpPort, rate, secs, payload);
    Thread t = new Thread(sender, "paced-sender");
    t.setPriority(Thread.MAX_PRIORITY);
    long start = System.nanoTime();
    t.start();
    long maxQueued = 0;
    long maxRss = 0;
    while (t.isAlive()) {
      t.join(500);
      Map<String, Long> m = metrics();
      maxQueued = Math.max(maxQueued, m.getOrDefault(P + "queue_frames", 0L));
      maxRss = Math.max(maxRss, memKb(snifferPid)[1]);
    }
    long sendEnd = System.nanoTime();
    long cpu1 = cpuTicks(snifferPid);
    long bcpu1 = cpuTicks(brokerPid);
    Map<String, Long> threads1 = groupTicks(groups);
    long rssAtEnd = memKb(snifferPid)[1];
    if (sender.error != null) {
      throw new IllegalStateException("the sender failed", sender.error);
    }
    // settle: captured stable for 1 s, drop counters read again (every second), queue empty
    long settleStart = System.nanoTime();
    long last = -1;
    long stableSince = System.nanoTime();
    Map<String, Long> m1;
    while (true) {
      Thread.sleep(250);
      m1 = metrics();
      maxQueued = Math.max(maxQueued, m1.getOrDefault(P + "queue_frames", 0L));
      long c = m1.getOrDefault(P + "captured_frames_total", 0L);
      if (c != last) {
        last = c;
        stableSince = System.nanoTime();
      }
      long inFlight = c - m1.getOrDefault(P + "produced_segments_total", 0L)
          - m1.getOrDefault(P + "produce_errors_total", 0L) - m1.getOrDefault(P + "decode_skips_total", 0L)
          - m1.getOrDefault(P + "queue_drops_total", 0L);
      long now = System.nanoTime();
      boolean quiet = now - stableSince > TimeUnit.MILLISECONDS.toNanos(1000)
          && now - sendEnd > TimeUnit.MILLISECONDS.toNanos(2200);
      if (quiet && inFlight == 0 && m1.getOrDefault(P + "queue_frames", 0L) == 0) {
        break;
      }
      if (now - settleStart > TimeUnit.SECONDS.toNanos(60)) {
        OUT.println("  (not settled after 60 s: " + inFlight + " frames in flight)");
        break;
      }
    }
    long drained = System.nanoTime();
    long cpu2 = cpuTicks(snifferPid);
    long[] mem = memKb(snifferPid);
    Step st = new Step();
    st.target = rate;
    st.sent = sender.sent;
    st.sendErrors = sender.errors;
    st.sendSeconds = (sender.endNanos - sender.startNanos) / 1e9;
    st.senderCpuSeconds = sender.cpuNanos / 1e9;
    st.captured = delta(m0, m1, "captured_frames_total");
    st.kernelDrops = delta(m0, m1, "kernel_drops_total");
    st.ifDrops = delta(m0, m1, "interface_drops_total");
    st.queueDrops = delta(m0, m1, "queue_drops_total");
    st.produceErrors = delta(m0, m1, "produce_errors_total");
    st.produced = delta(m0, m1, "produced_segments_total");
    st.decodeSkips = delta(m0, m1, "decode_skips_total");
    st.softnetDrops = softnetDrops() - softnet0;
    st.maxQueued = maxQueued;
    st.drainSeconds = (drained - sendEnd) / 1e9;
    double window = (sendEnd - start) / 1e9;
    st.snifferCpuSending = (cpu1 - cpu0) / (double) clkTck;
    st.sendWindow = window;
    st.snifferCpuTotal = (cpu2 - cpu0) / (double) clkTck;
    st.brokerCpuSending = (bcpu1 - bcpu0) / (double) clkTck;
    for (String g : THREAD_GROUPS) {
      st.threadCores.put(g, (threads1.get(g) - threads0.get(g)) / (double) clkTck / window);
    }
    st.rssKb = Math.max(rssAtEnd, mem[1]);
    st.maxRssKb = Math.max(maxRss, st.rssKb);
    st.hwmKb = mem[0];
    return st;
  }

  private static long delta(Map<String, Long> a, Map<String, Long> b, String name) {
    return b.getOrDefault(P + name, 0L) - a.getOrDefault(P + name, 0L);
  }

  /** The paced sender: sends what is due every tick (at most 256 at a time), parks when ahead. */
  private static final class Sender implements Runnable {
    final int port;
    final int rate;
    final int secs;
    final int payload;
    volatile long sent;
    volatile long errors;
    volatile long startNanos;
    volatile long endNanos;
    volatile long cpuNanos;
    volatile Throwable error;

    Sender(int port, int rate, int secs, int payload) {
      this.port = port;
      this.rate = rate;
      this.secs = secs;
      this.payload = payload;
    }

    @Override
    public void run() {
      ThreadMXBean mx = ManagementFactory.getThreadMXBean();
      long cpu0 = mx.getCurrentThreadCpuTime();
      try (DatagramChannel ch = DatagramChannel.open()) {
        ch.connect(new InetSocketAddress("127.0.0.1", port));
        ByteBuffer buf = ByteBuffer.allocateDirect(payload);
        long n = 0;
        long err = 0;
        long start = System.nanoTime();
        startNanos = start;
        long end = start + TimeUnit.SECONDS.toNanos(secs);
        while (true) {
          long now = System.nanoTime();
          if (now >= end) {
            break;
          }
          long due = (long) ((now - start) * (double) rate / 1e9);
          if (n >= due) {
            LockSupport.parkNanos(Math.max(20_000L, (long) ((n + 1 - due) * 1e9 / rate)));
            continue;
          }
          long burst = Math.min(due - n, 256);
          for (long i = 0; i < burst; i++) {
            buf.clear();
            buf.putLong(0, n);
            try {
              ch.write(buf);
              n++;
            } catch (IOException e) {
              err++;
            }
          }
        }
        endNanos = System.nanoTime();
        sent = n;
        errors = err;
      } catch (Throwable e) {
        error = e;
        endNanos = System.nanoTime();
      }
      cpuNanos = mx.getCurrentThreadCpuTime() - cpu0;
    }
  }

  private static final class Step {
    int target;
    long sent;
    long sendErrors;
    double sendSeconds;
    double senderCpuSeconds;
    long captured;
    long kernelDrops;
    long ifDrops;
    long queueDrops;
    long produceErrors;
    long produced;
    long decodeSkips;
    long softnetDrops;
    long maxQueued;
    double drainSeconds;
    double sendWindow;
    double snifferCpuSending;
    double snifferCpuTotal;
    double brokerCpuSending;
    long rssKb;
    long maxRssKb;
    long hwmKb;
    final Map<String, Double> threadCores = new java.util.LinkedHashMap<>();

    double sendRate() {
      return sent / sendSeconds;
    }

    double snifferCores() {
      return snifferCpuSending / sendWindow;
    }

    boolean lossless() {
      return captured == sent && kernelDrops == 0 && ifDrops == 0 && queueDrops == 0 && produceErrors == 0
          && produced == captured;
    }

    String threads() {
      StringBuilder b = new StringBuilder();
      for (Map.Entry<String, Double> e : threadCores.entrySet()) {
        b.append(b.length() == 0 ? "" : " / ").append(String.format(Locale.ROOT, "%.2f", e.getValue()));
      }
      return b.toString();
    }

    String line() {
      return String.format(Locale.ROOT, "target %,7d/s: sent %,9d (%,.0f/s, %d errors, sender CPU %.1f s)"
              + " captured %,9d kernel_drops %,d if_drops %,d queue_drops %,d produce_errors %,d produced %,d"
              + " softnet_drops %,d | max queued %,d, drained %.1f s after | sniffer CPU %.2f cores sending,"
              + " %.2f ms/1k frames (threads " + String.join("/", THREAD_GROUPS) + ": " + threads() + ")"
              + " | RSS %,d MB (max %,d, peak %,d) | broker CPU %.2f cores | %s",
          target, sent, sendRate(), sendErrors, senderCpuSeconds, captured, kernelDrops, ifDrops, queueDrops,
          produceErrors, produced, softnetDrops, maxQueued, drainSeconds, snifferCores(),
          captured == 0 ? 0.0 : snifferCpuTotal * 1e6 / captured, rssKb / 1024, maxRssKb / 1024, hwmKb / 1024,
          brokerCpuSending / sendWindow, lossless() ? "lossless" : "LOSSY");
    }
  }

  private static String table(List<Step> steps) {
    StringBuilder b = new StringBuilder();
    b.append("| target frames/s | sent/s (achieved) | sent | captured | kernel drops | interface drops | queue drops "
        + "| produce errors | produced | max queued | drain s | sniffer CPU cores (sending) | sniffer CPU ms per 1k frames "
        + "| sniffer threads, cores: " + String.join(" / ", THREAD_GROUPS)
        + " | sniffer RSS MB (end / peak) | broker CPU cores | sender CPU cores | lossless |\n");
    b.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|:-:|\n");
    for (Step s : steps) {
      b.append(String.format(Locale.ROOT, "| %,d | %,.0f | %,d | %,d | %,d | %,d | %,d | %,d | %,d | %,d | %.1f "
              + "| %.2f | %.3f | %s | %,d / %,d | %.2f | %.2f | %s |%n",
          s.target, s.sendRate(), s.sent, s.captured, s.kernelDrops, s.ifDrops, s.queueDrops, s.produceErrors,
          s.produced, s.maxQueued, s.drainSeconds, s.snifferCores(),
          s.captured == 0 ? 0.0 : s.snifferCpuTotal * 1e6 / s.captured, s.threads(), s.rssKb / 1024, s.hwmKb / 1024,
          s.brokerCpuSending / s.sendWindow, s.senderCpuSeconds / s.sendSeconds, s.lossless() ? "yes" : "**no**"));
    }
    return b.toString();
  }

  /** The sniffer's threads by group (names from {@code jcmd PID Thread.print}, native ids = Linux tids). */
  private Map<String, List<Long>> threadGroups() {
    Map<String, List<Long>> groups = new java.util.LinkedHashMap<>();
    for (String g : THREAD_GROUPS) {
      groups.put(g, new ArrayList<>());
    }
    try {
      Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
          Long.toString(snifferPid), "Thread.print").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes());
      p.waitFor(30, TimeUnit.SECONDS);
      java.util.regex.Pattern nid = java.util.regex.Pattern.compile("nid=0x([0-9a-fA-F]+)");
      for (String line : out.split("\n")) {
        if (!line.startsWith("\"")) {
          continue;
        }
        String name = line.substring(1, line.indexOf('"', 1));
        java.util.regex.Matcher m = nid.matcher(line);
        if (!m.find()) {
          continue;
        }
        long tid = Long.parseLong(m.group(1), 16);
        String g = name.startsWith("wirelake-sniff-capture") ? "capture"
            : name.startsWith("wirelake-sniff-sender") ? "sender"
            : name.startsWith("kafka-producer-network-thread") ? "producer I/O"
            : name.startsWith("GC Thread") || name.startsWith("G1 ") ? "GC"
            : name.startsWith("C1 CompilerThread") || name.startsWith("C2 CompilerThread") ? "JIT" : null;
        if (g != null) {
          groups.get(g).add(tid);
        }
      }
    } catch (IOException | InterruptedException e) {
      OUT.println("  (jcmd failed: " + e + "; no per-thread CPU)");
    }
    return groups;
  }

  private Map<String, Long> groupTicks(Map<String, List<Long>> groups) {
    Map<String, Long> r = new HashMap<>();
    for (Map.Entry<String, List<Long>> e : groups.entrySet()) {
      long sum = 0;
      for (long tid : e.getValue()) {
        try {
          String stat = Files.readString(Path.of("/proc/" + snifferPid + "/task/" + tid + "/stat"));
          String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          sum += Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (IOException gone) {
          // the thread ended
        }
      }
      r.put(e.getKey(), sum);
    }
    return r;
  }

  private Map<String, Long> metrics() throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(
        "http://127.0.0.1:" + metricsPort + "/metrics")).timeout(Duration.ofSeconds(5)).build(),
        HttpResponse.BodyHandlers.ofString());
    Map<String, Long> m = new HashMap<>();
    for (String line : r.body().split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      int brace = line.indexOf('{');
      int space = line.lastIndexOf(' ');
      String name = line.substring(0, brace >= 0 ? brace : space);
      m.put(name, (long) Double.parseDouble(line.substring(space + 1).trim()));
    }
    return m;
  }

  /** utime + stime of a process (all its threads), in clock ticks. */
  private static long cpuTicks(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      // f[0] is field 3 (state); utime is field 14, stime 15
      return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    } catch (IOException e) {
      return 0;
    }
  }

  /** {VmHWM, VmRSS} in kB. */
  private static long[] memKb(long pid) {
    long[] r = new long[2];
    try {
      for (String l : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
        if (l.startsWith("VmHWM:")) {
          r[0] = Long.parseLong(l.replaceAll("\\D", ""));
        } else if (l.startsWith("VmRSS:")) {
          r[1] = Long.parseLong(l.replaceAll("\\D", ""));
        }
      }
    } catch (IOException e) {
      // gone
    }
    return r;
  }

  /** Packets the kernel dropped from its per-CPU input backlog (before any packet tap), all CPUs. */
  private static long softnetDrops() {
    try {
      long sum = 0;
      for (String l : Files.readAllLines(Path.of("/proc/net/softnet_stat"))) {
        sum += Long.parseLong(l.trim().split("\\s+")[1], 16);
      }
      return sum;
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  private static long clockTicks() {
    try {
      Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
      String s = new String(p.getInputStream().readAllBytes()).trim();
      p.waitFor();
      return Long.parseLong(s);
    } catch (Exception e) {
      return 100;
    }
  }

  private static int freeTcpPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static String cpuModel() {
    try {
      for (String l : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (l.startsWith("model name")) {
          return l.substring(l.indexOf(':') + 1).trim();
        }
      }
    } catch (IOException e) {
      // unknown
    }
    return "unknown CPU";
  }

  private static String memTotal() {
    try {
      for (String l : Files.readAllLines(Path.of("/proc/meminfo"))) {
        if (l.startsWith("MemTotal:")) {
          return String.format(Locale.ROOT, "%.1f GiB", Long.parseLong(l.replaceAll("\\D", "")) / 1048576.0);
        }
      }
    } catch (IOException e) {
      // unknown
    }
    return "unknown";
  }

  private static String loadAvg() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (IOException e) {
      return "?";
    }
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
