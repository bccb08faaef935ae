// tokenize_speed — throughput and memory of byline's C++ tokenizer.
//
//   tokenize_speed [--passes N] [--threads N] [--max-bytes N] FILE...
//
// Each FILE holds one or more documents separated by NUL bytes ('\0'); a file
// without NUL bytes is one document. bench/tokenize_speed.py writes such a file
// and runs this binary; it can also be run by hand on any UTF-8 text.
//
// Every pass tokenizes every document and keeps the resulting Docs until the end
// of the pass (what tokenize_batch() returns), then frees them outside the timed
// region. --threads 1 (default) calls Tokenizer::tokenize() in a loop on the
// calling thread; any other value (0 = all cores) calls byline::tokenize_batch().
//
// Prints one JSON object on stdout:
//   mb_per_s / tokens_per_s   median over passes (MB = 10^6 bytes of UTF-8 input)
//   mb_per_s_best             fastest pass
//   cpu_mb_per_s              MB per CPU-second (user + system time of the process,
//                             all threads; median pass). On one thread it is the speed
//                             the code would have on an idle core, so it is robust
//                             against other processes sharing the machine.
//   rss_baseline_mb           RSS after the corpus is loaded, before tokenizing
//   peak_rss_mb               VmHWM during the first pass (peak reset before it)
//   peak_rss_delta_per_text_mb  (peak_rss_mb - rss_baseline_mb) / text MB, i.e.
//                             the memory the tokenizer and its Docs need per MB of text
//   ru_maxrss_mb              getrusage() high-water mark of the whole process
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "byline/byline.h"

namespace {

struct Options {
  int passes = 3;
  int threads = 1;
  std::uint64_t max_bytes = 0;  // 0 = all documents
  std::vector<std::string> files;
};

[[noreturn]] void usage(const char* msg) {
  std::cerr << "tokenize_speed: " << msg << "\n"
            << "usage: tokenize_speed [--passes N] [--threads N] [--max-bytes N] FILE...\n";
  std::exit(2);
}

long parse_int(const char* s, const char* what) {
  char* end = nullptr;
  long v = std::strtol(s, &end, 10);
  if (end == s || *end != '\0' || v < 0) usage((std::string("bad value for ") + what).c_str());
  return v;
}

Options parse_args(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto value = [&](const char* name) {
      if (i + 1 >= argc) usage((std::string(name) + " needs a value").c_str());
      return argv[++i];
    };
    if (a == "--passes") {
      o.passes = static_cast<int>(parse_int(value("--passes"), "--passes"));
      if (o.passes < 1) usage("--passes must be >= 1");
    } else if (a == "--threads") {
      o.threads = static_cast<int>(parse_int(value("--threads"), "--threads"));
    } else if (a == "--max-bytes") {
      o.max_bytes = static_cast<std::uint64_t>(parse_int(value("--max-bytes"), "--max-bytes"));
    } else if (a == "-h" || a == "--help") {
      usage("help");
    } else if (!a.empty() && a[0] == '-') {
      usage(("unknown option " + a).c_str());
    } else {
      o.files.push_back(a);
    }
  }
  if (o.files.empty()) usage("no input files");
  return o;
}

// Value of a "Key:   123 kB" line of /proc/self/status, in bytes (0 if absent).
std::uint64_t proc_status_bytes(const char* key) {
  std::ifstream f("/proc/self/status");
  std::string line;
  std::size_t klen = std::strlen(key);
  while (std::getline(f, line)) {
    if (line.compare(0, klen, key) == 0 && line.size() > klen && line[klen] == ':') {
      return std::strtoull(line.c_str() + klen + 1, nullptr, 10) * 1024ull;
    }
  }
  return 0;
}

// Resets VmHWM to the current RSS (Linux >= 4.0); returns false if not possible.
bool reset_peak_rss() {
  std::ofstream f("/proc/self/clear_refs");
  if (!f) return false;
  f << "5";
  f.flush();
  return static_cast<bool>(f);
}

double cpu_seconds() {
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  return static_cast<double>(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
         static_cast<double>(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) * 1e-6;
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  std::size_t n = v.size();
  return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

std::string json_escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    if (static_cast<unsigned char>(c) < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", c);
      out += buf;
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  Options opt = parse_args(argc, argv);

  // ---- load the corpus: one string per file, documents are views into it ----
  std::vector<std::string> blobs;
  std::vector<std::string_view> docs;
  std::uint64_t total_bytes = 0;
  bool full = false;
  for (const auto& path : opt.files) {
    std::ifstream f(path, std::ios::binary);
    if (!f) {
      std::cerr << "tokenize_speed: cannot open " << path << "\n";
      return 1;
    }
    std::ostringstream ss;
    ss << f.rdbuf();
    blobs.push_back(ss.str());
  }
  for (const auto& blob : blobs) {
    std::size_t b = 0;
    while (b <= blob.size() && !full) {
      std::size_t e = blob.find('\0', b);
      if (e == std::string::npos) e = blob.size();
      if (e > b) {
        docs.emplace_back(blob.data() + b, e - b);
        total_bytes += e - b;
        if (opt.max_bytes && total_bytes >= opt.max_bytes) full = true;
      }
      b = e + 1;
    }
  }
  if (docs.empty()) {
    std::cerr << "tokenize_speed: no documents in input\n";
    return 1;
  }
  const double text_mb = static_cast<double>(total_bytes) / 1e6;

  byline::Tokenizer tokenizer;
  int threads = byline::resolve_num_threads(opt.threads);
  // Warm-up on the first document (page faults of the code, rule tables).
  {
    byline::Doc warm = tokenizer.tokenize(docs.front());
    (void)warm;
  }

  std::uint64_t rss_baseline = proc_status_bytes("VmRSS");
  bool peak_ok = reset_peak_rss();
  std::uint64_t peak = 0;

  std::vector<double> secs, cpu_secs;
  std::uint64_t tokens = 0, sentences = 0;
  for (int pass = 0; pass < opt.passes; ++pass) {
    std::vector<byline::Doc> out;
    double c0 = cpu_seconds();
    auto t0 = std::chrono::steady_clock::now();
    try {
      if (opt.threads == 1) {
        out.reserve(docs.size());
        for (auto d : docs) out.push_back(tokenizer.tokenize(d));
      } else {
        out = byline::tokenize_batch(tokenizer, docs, opt.threads);
      }
    } catch (const std::exception& e) {
      std::cerr << "tokenize_speed: tokenizing failed: " << e.what() << "\n";
      return 1;
    }
    auto t1 = std::chrono::steady_clock::now();
    cpu_secs.push_back(cpu_seconds() - c0);
    secs.push_back(std::chrono::duration<double>(t1 - t0).count());
    if (pass == 0) {
      peak = peak_ok ? proc_status_bytes("VmHWM") : 0;
      for (const auto& d : out) {
        tokens += d.size();
        sentences += d.sentences().size();
      }
    }
  }

  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  const double ru_maxrss_mb = static_cast<double>(ru.ru_maxrss) * 1024.0 / 1e6;

  std::vector<double> mbps;
  for (double s : secs) mbps.push_back(text_mb / s);
  double med_s = median(secs);

  std::string files_json;
  for (std::size_t i = 0; i < opt.files.size(); ++i)
    files_json += (i ? ", \"" : "\"") + json_escape(opt.files[i]) + "\"";

  std::printf("{\n");
  std::printf("  \"tool\": \"byline-cpp\",\n");
  std::printf("  \"byline_version\": \"%s\",\n", byline::version());
  std::printf("  \"files\": [%s],\n", files_json.c_str());
  std::printf("  \"threads\": %d,\n", threads);
  std::printf("  \"api\": \"%s\",\n", opt.threads == 1 ? "Tokenizer::tokenize" : "tokenize_batch");
  std::printf("  \"docs\": %zu,\n", docs.size());
  std::printf("  \"bytes\": %llu,\n", static_cast<unsigned long long>(total_bytes));
  std::printf("  \"tokens\": %llu,\n", static_cast<unsigned long long>(tokens));
  std::printf("  \"sentences\": %llu,\n", static_cast<unsigned long long>(sentences));
  std::printf("  \"passes\": %d,\n", opt.passes);
  std::printf("  \"seconds\": [");
  for (std::size_t i = 0; i < secs.size(); ++i) std::printf("%s%.6f", i ? ", " : "", secs[i]);
  std::printf("],\n");
  std::printf("  \"mb_per_s\": %.3f,\n", text_mb / med_s);
  std::printf("  \"mb_per_s_best\": %.3f,\n", *std::max_element(mbps.begin(), mbps.end()));
  std::printf("  \"cpu_seconds\": [");
  for (std::size_t i = 0; i < cpu_secs.size(); ++i) std::printf("%s%.6f", i ? ", " : "", cpu_secs[i]);
  std::printf("],\n");
  std::printf("  \"cpu_mb_per_s\": %.3f,\n", text_mb / median(cpu_secs));
  std::printf("  \"tokens_per_s\": %.1f,\n", static_cast<double>(tokens) / med_s);
  std::printf("  \"rss_baseline_mb\": %.3f,\n", static_cast<double>(rss_baseline) / 1e6);
  if (peak_ok && peak > 0) {
    double delta = static_cast<double>(peak > rss_baseline ? peak - rss_baseline : 0) / 1e6;
    std::printf("  \"peak_rss_mb\": %.3f,\n", static_cast<double>(peak) / 1e6);
    std::printf("  \"peak_rss_delta_mb\": %.3f,\n", delta);
    std::printf("  \"peak_rss_delta_per_text_mb\": %.4f,\n", delta / text_mb);
  } else {
    std::printf("  \"peak_rss_mb\": null,\n  \"peak_rss_delta_mb\": null,\n  \"peak_rss_delta_per_text_mb\": null,\n");
  }
  std::printf("  \"ru_maxrss_mb\": %.3f,\n", ru_maxrss_mb);
  std::printf("  \"ru_maxrss_per_text_mb\": %.4f\n", ru_maxrss_mb / text_mb);
  std::printf("}\n");
  return 0;
}
