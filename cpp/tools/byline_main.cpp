// byline-dev — the developer tool of the C++ library (training, evaluation, benchmarks).
// Users run the Python console script `byline`; this tool has another name so that both
// can be on PATH.
//
//   byline-dev tokenize FILE...       one JSON document (schema byline.doc/1) per line
//   byline-dev train --train FILE --dev FILE --out MODEL [--epochs N --seed S ...]
//   byline-dev evaluate --data FILE [--model MODEL] [--predictions OUT]   one JSON object with P/R/F1
//   byline-dev ner [--model MODEL] [--no-rules] FILE...   byline::Pipeline (model + rules, as byline.load()),
//                                                          byline.doc/1 JSON lines
//   byline-dev ner --bench [--model MODEL] FILE...        one-core tokens/s of tokenize, NER, both
//   byline-dev clusters --corpus FILE --out FILE [--classes 64,256 --min-count 3 --iterations 8]
//   byline-dev --version
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "byline/byline.h"
#include "byline/ner.h"
#include "byline/pipeline.h"
#include "byline/rules.h"
#include "internal/split.h"

namespace {

/// The train line of the usage, its options from byline::train_option_specs().
std::string train_usage() {
  std::string out = "       byline-dev train --train FILE --dev FILE --out MODEL";
  std::size_t line = out.size();
  for (const auto& spec : byline::train_option_specs()) {
    std::string item = "[--" + spec.name + (spec.metavar.empty() ? "" : " " + spec.metavar) + "]";
    if (line + 1 + item.size() > 100) {
      out += "\n                   ";
      line = 19;
    }
    out += " " + item;
    line += 1 + item.size();
  }
  return out + "\n";
}

int usage(std::ostream& os, int code) {
  os << "usage: byline-dev tokenize [--replace-invalid] FILE...\n"
     << train_usage()
     << "       byline-dev evaluate --data FILE [--model MODEL] [--predictions OUT]\n"
        "       byline-dev ner [--model MODEL] [--rules DIR | --no-rules] [--patterns FILE] [--date YYYY-MM-DD]\n"
        "                  [--replace-invalid] [--bench [--repeats N] [--warmup N] [--split blank|nul]] FILE...\n"
        "       byline-dev clusters --corpus FILE --out FILE [--classes N,M] [--min-count N] [--iterations N]\n"
        "       byline-dev --version\n"
        "\n"
        "tokenize  print each file as one byline.doc/1 JSON line ('-' reads stdin)\n"
        "train     train an NER model on CoNLL files (IOB1/IOB2, -DOCSTART- = document break)\n"
        "evaluate  tag a CoNLL file and print one JSON object (P/R/F1 overall and per type)\n"
        "ner       tokenize and tag files; entities in the JSON output\n"
        "clusters  learn word clusters from unlabelled text (exchange algorithm)\n"
        "MODEL is a model package directory (meta.json, model.bin, gazetteers/) or a model\n"
        "file. The default is $BYLINE_MODEL, else the en_news package under the install\n"
        "prefix or in the source tree (found from the working directory or the executable).\n"
        "--replace-invalid substitutes U+FFFD for invalid UTF-8 (tokenize, ner); without it\n"
        "such a file is an error.\n"
        "--rules DIR replaces the package's gazetteers with the lists in DIR.\n"
        "An option given more than once takes its last value.\n";
  return code;
}

std::string read_all(std::istream& in) {
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string read_path(const std::string& path) {
  if (path == "-") return read_all(std::cin);
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec))  // a directory opens, and reads as empty
    throw byline::InputError("'" + path + "' is a directory");
  std::ifstream f(path, std::ios::binary);
  if (!f) throw byline::InputError("cannot open '" + path + "'");
  return read_all(f);
}

// --key value options after the subcommand; flags listed in `flags` take no value. An
// option given more than once takes its last value, as in most command lines.
struct Args {
  std::vector<std::pair<std::string, std::string>> opts;
  std::vector<std::string> positional;
  std::string get(const std::string& k, const std::string& dflt = "") const {
    for (auto kv = opts.rbegin(); kv != opts.rend(); ++kv)
      if (kv->first == k) return kv->second;
    return dflt;
  }
  bool has(const std::string& k) const {
    for (const auto& kv : opts)
      if (kv.first == k) return true;
    return false;
  }
};

// `flags` take no value, `options` take one; anything else starting with "--" is an error,
// so that a misspelt option never runs with its default.
Args parse_args(int argc, char** argv, int first, const std::vector<std::string>& flags,
                const std::vector<std::string>& options) {
  Args a;
  auto listed = [](const std::vector<std::string>& names, const std::string& key) {
    for (const auto& n : names)
      if (n == key) return true;
    return false;
  };
  for (int i = first; i < argc; ++i) {
    std::string s = argv[i];
    if (s.size() > 2 && s.compare(0, 2, "--") == 0) {
      std::string key = s.substr(2);
      if (listed(flags, key)) {
        a.opts.emplace_back(key, "1");
      } else if (listed(options, key)) {
        if (i + 1 >= argc) throw std::invalid_argument("option --" + key + " needs a value");
        a.opts.emplace_back(key, argv[++i]);
      } else {
        throw std::invalid_argument("unknown option --" + key + " (see byline-dev --help)");
      }
    } else {
      a.positional.push_back(s);
    }
  }
  return a;
}

// `v`, the value of option --key, as a number, or an error naming the option and the value.
template <class T, class Parse>
T parse_number(const std::string& key, const std::string& v, Parse parse, const char* what) {
  std::size_t used = 0;
  T n{};
  try {
    n = parse(v, &used);
  } catch (const std::out_of_range&) {
    throw std::invalid_argument("--" + key + " is out of range: '" + v + "'");
  } catch (const std::exception&) {
    used = 0;
  }
  if (used == 0 || used != v.size()) throw std::invalid_argument("--" + key + " needs " + what + ", not '" + v + "'");
  return n;
}

int parse_int(const std::string& key, const std::string& v) {
  return parse_number<int>(
      key, v, [](const std::string& s, std::size_t* used) { return std::stoi(s, used); }, "an integer");
}

int int_option(const Args& a, const std::string& key, int dflt) {
  return a.has(key) ? parse_int(key, a.get(key)) : dflt;
}

/// The message of `tokenize` and `ner` for a file that is not valid UTF-8.
std::string invalid_utf8_message(const byline::EncodingError& e) {
  return "invalid UTF-8 at byte " + std::to_string(e.byte_offset()) + " (--replace-invalid substitutes U+FFFD)";
}

/// Prints `json_of(text, path)` of each file as one line. A file that cannot be read or
/// is not valid UTF-8 is reported and skipped, and so is one whose processing throws
/// another byline::Error when `skip_other_errors`; the status is then 1.
template <class JsonOf>
int print_json_per_file(const std::vector<std::string>& paths, JsonOf&& json_of, bool skip_other_errors = false) {
  int status = 0;
  for (const std::string& path : paths) {
    std::string text;
    try {
      text = read_path(path);
    } catch (const byline::InputError& e) {
      std::cerr << "byline-dev: " << e.what() << "\n";
      status = 1;
      continue;
    }
    try {
      std::cout << json_of(std::move(text), path) << "\n";
    } catch (const byline::EncodingError& e) {
      std::cerr << "byline-dev: " << path << ": " << invalid_utf8_message(e) << "\n";
      status = 1;
    } catch (const byline::Error& e) {
      if (!skip_other_errors) throw;
      std::cerr << "byline-dev: " << path << ": " << e.what() << "\n";
      status = 1;
    }
  }
  return status;
}

/// The pipeline of --model, else of $BYLINE_MODEL (an error names the variable), else
/// the default package.
std::shared_ptr<const byline::Pipeline> load_pipeline(const Args& a, const byline::PipelineOptions& options) {
  return a.has("model") ? byline::Pipeline::load(a.get("model"), options) : byline::load_default_pipeline(options);
}

// One byline.doc/1 line per file; a file that cannot be read or tokenized is reported and
// skipped (exit status 1).
int cmd_tokenize(int argc, char** argv) {
  Args a = parse_args(argc, argv, 2, {"replace-invalid"}, {});
  if (a.positional.empty()) return usage(std::cerr, 2);
  byline::TokenizerOptions opts;
  if (a.has("replace-invalid")) opts.utf8 = byline::Utf8Policy::kReplace;
  byline::Tokenizer tok(opts);
  return print_json_per_file(
      a.positional,
      [&](std::string text, const std::string& path) {
        byline::Doc doc = tok.tokenize(std::move(text));
        doc.set_meta("path", path);
        return doc.to_json();
      },
      /*skip_other_errors=*/true);
}

int cmd_train(int argc, char** argv) {
  std::vector<std::string> flags, valued{"train", "dev", "out"};
  for (const auto& spec : byline::train_option_specs())
    (spec.kind == byline::TrainOptionSpec::Kind::kFlag ? flags : valued).push_back(spec.name);
  Args a = parse_args(argc, argv, 2, flags, valued);
  if (!a.has("train") || !a.has("out")) return usage(std::cerr, 2);
  // The output must be writable before hours of training, not after.
  {
    const std::string out = a.get("out");
    struct stat st{};
    const bool exists = ::stat(out.c_str(), &st) == 0;
    if (!exists && ::lstat(out.c_str(), &st) == 0)
      throw byline::ConfigError("cannot write the model to '" + out + "': a symlink to nothing");
    if (exists && !S_ISREG(st.st_mode))  // a directory, or a FIFO whose open would block
      throw byline::ConfigError("cannot write the model to '" + out + "': not a regular file");
    // An input named as the output would be overwritten by the model (the same file by any path).
    for (const char* input : {"train", "dev", "clusters", "gazetteer", "vectors"}) {
      struct stat in{};
      if (exists && a.has(input) && ::stat(a.get(input).c_str(), &in) == 0 && in.st_dev == st.st_dev &&
          in.st_ino == st.st_ino)
        throw std::invalid_argument("--out " + out + " is also the input --" + input + " " + a.get(input));
    }
    std::ofstream probe(out, std::ios::binary | std::ios::app);
    if (!probe) throw byline::ConfigError("cannot write the model to '" + out + "': " + std::strerror(errno));
    probe.close();
    if (!exists) std::remove(out.c_str());
  }
  byline::NerTrainOptions o;
  for (const auto& spec : byline::train_option_specs()) {
    if (!a.has(spec.name)) continue;
    try {
      byline::set_train_option(o, spec.name, a.get(spec.name));
    } catch (const byline::ConfigError& e) {  // a bad value is a usage error (status 2)
      throw std::invalid_argument(e.what());
    }
  }
  o.on_epoch = [](const byline::NerEpochReport& r) {
    std::cerr << "epoch " << r.epoch << "  " << r.seconds << " s  train-err " << r.train_error_rate;
    if (r.has_dev) std::cerr << "  dev P " << r.dev.precision << " R " << r.dev.recall << " F1 " << r.dev.f1;
    std::cerr << std::endl;
  };
  auto t0 = std::chrono::steady_clock::now();
  auto train = byline::read_conll(a.get("train"));
  std::vector<byline::ConllDoc> dev;
  if (a.has("dev")) dev = byline::read_conll(a.get("dev"));
  auto model = byline::train_recognizer(train, dev, o);
  model->save(a.get("out"));
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::cerr << "saved " << a.get("out") << " (" << model->serialize().size() << " bytes) in " << secs << " s\n";
  if (!dev.empty()) std::cout << byline::evaluate(*model, dev).to_json() << "\n";
  return 0;
}

int cmd_evaluate(int argc, char** argv) {
  Args a = parse_args(argc, argv, 2, {}, {"data", "model", "predictions"});
  if (!a.has("data")) return usage(std::cerr, 2);
  std::error_code same_ec;
  if (a.has("predictions") && (a.get("predictions") == a.get("data") ||
                               std::filesystem::equivalent(a.get("predictions"), a.get("data"), same_ec))) {
    std::cerr << "byline-dev evaluate: --predictions names the --data file, which it would overwrite\n";
    return 2;
  }
  const std::string path = a.has("model") ? a.get("model") : byline::default_model();  // for the report
  auto t0 = std::chrono::steady_clock::now();
  byline::PipelineOptions model_only;
  model_only.rules = false;
  auto model = load_pipeline(a, model_only)->recognizer();  // a package or a model file
  double load_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  auto data = byline::read_conll(a.get("data"));
  std::string json = byline::evaluate(*model, data).to_json();
  if (a.has("predictions")) {
    // conlleval input: "word gold predicted", blank line between sentences.
    std::ofstream out(a.get("predictions"), std::ios::binary | std::ios::trunc);
    if (!out) throw byline::InputError("cannot write '" + a.get("predictions") + "'");
    const auto all = byline::evaluation_tags(*model, data);
    for (std::size_t j = 0; j < data.size(); ++j) {
      const auto& d = data[j];
      const auto& pred = all[j];
      out << "-DOCSTART- O O\n\n";
      for (const auto& s : d.sentences) {
        for (auto i = s.begin; i < s.end; ++i) out << d.words[i] << ' ' << d.tags[i] << ' ' << pred[i] << '\n';
        out << '\n';
      }
    }
  }
  // Append the model path (a JSON string of any bytes: invalid UTF-8 dumped as U+FFFD) and
  // the load time to the object.
  json.pop_back();
  std::cout << json
            << ",\"model\":" << nlohmann::json(path).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)
            << ",\"load_ms\":" << static_cast<long long>(load_ms * 10) / 10.0 << "}\n";
  return 0;
}

long rss_kb() {
  std::ifstream f("/proc/self/status");
  std::string line;
  while (std::getline(f, line))
    if (line.compare(0, 6, "VmRSS:") == 0) return std::stol(line.substr(6));
  return 0;
}

// Splits text into articles at blank lines.
std::vector<std::string> split_articles(const std::string& text) {
  std::vector<std::string> out;
  std::string cur;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t nl = text.find('\n', pos);
    if (nl == std::string::npos) nl = text.size();
    std::string line = text.substr(pos, nl - pos);
    pos = nl + 1;
    if (line.empty() || line == "\r") {
      if (!cur.empty()) out.push_back(std::move(cur));
      cur.clear();
    } else {
      cur += line;
      cur += '\n';
    }
  }
  if (!cur.empty()) out.push_back(std::move(cur));
  return out;
}

// Splits text at NUL bytes (one text per piece; empty pieces are dropped).
std::vector<std::string> split_nul(const std::string& text) {
  std::vector<std::string> out;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    std::size_t end = text.find('\0', pos);
    if (end == std::string::npos) end = text.size();
    if (end > pos) out.push_back(text.substr(pos, end - pos));
    pos = end + 1;
  }
  return out;
}

struct BenchOptions {
  int repeats = 1;   // timed passes over all texts (summed)
  int warmup = 0;    // texts processed once before the timing starts
  bool nul = false;  // texts separated by NUL bytes instead of blank lines
};

// One-core throughput of tokenize, NER, the entity ruler (dates, numbers, gazetteers,
// merge) and all together on blank-line (or NUL) separated texts (tokens per second of
// thread CPU time; wall-clock figure alongside). `rules_dir` = "" skips the ruler.
// The dates and numbers recognisers are also timed apart, in extra passes.
int bench_ner(const Args& a, const byline::PipelineOptions& options, const std::vector<std::string>& files,
              const BenchOptions& bench) {
  const int repeats = bench.repeats;
  using clock = std::chrono::steady_clock;
  long rss0 = rss_kb();
  auto t0 = clock::now();
  auto nlp = load_pipeline(a, options);
  double load_ms = std::chrono::duration<double, std::milli>(clock::now() - t0).count();
  long rss1 = rss_kb();
  std::vector<std::string> articles;
  std::vector<std::size_t> file_of;  // the index in `files` of each article
  for (std::size_t k = 0; k < files.size(); ++k)
    for (auto& a : bench.nul ? split_nul(read_path(files[k])) : split_articles(read_path(files[k]))) {
      articles.push_back(std::move(a));
      file_of.push_back(k);
    }
  if (articles.empty()) throw byline::InputError("no text to time in the given files");
  const byline::Tokenizer& tok = nlp->tokenizer();
  // Invalid UTF-8 (unless --replace-invalid) is found in the first pass over an article,
  // the warm-up or the first timed round, and named by its file and article.
  auto tokenize = [&](std::size_t i) {
    try {
      return tok.tokenize(std::string_view(articles[i]));
    } catch (const byline::EncodingError& e) {
      std::size_t n = 1;
      for (std::size_t j = i; j > 0 && file_of[j - 1] == file_of[i]; --j) ++n;
      throw byline::InputError(files[file_of[i]] + ": article " + std::to_string(n) + ": " + invalid_utf8_message(e));
    }
  };
  const auto& model = nlp->recognizer();
  const auto& ruler = nlp->ruler();
  // Thread CPU time, so that other load on the machine does not count against us.
  auto cpu_now = [] {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
  };
  for (std::size_t i = 0; i < articles.size() && i < static_cast<std::size_t>(bench.warmup); ++i) {
    byline::Doc doc = tokenize(i);
    model->annotate(doc);
    if (ruler) ruler->annotate(doc);
  }
  double t_tok = 0, t_ner = 0, t_rules = 0, t_dates = 0, t_numbers = 0;
  std::size_t tokens = 0, ents = 0, found = 0;
  auto w0 = clock::now();
  for (int r = 0; r < repeats; ++r)
    for (std::size_t i = 0; i < articles.size(); ++i) {
      double a0 = cpu_now();
      byline::Doc doc = tokenize(i);
      double a1 = cpu_now();
      model->annotate(doc);
      double a2 = cpu_now();
      if (ruler) ruler->annotate(doc);
      double a3 = cpu_now();
      t_tok += a1 - a0;
      t_ner += a2 - a1;
      t_rules += a3 - a2;
      tokens += doc.size();
      ents += doc.num_entities();
    }
  double wall = std::chrono::duration<double>(clock::now() - w0).count();
  if (ruler) {
    for (int r = 0; r < repeats; ++r)
      for (const auto& text : articles) {
        byline::Doc doc = tok.tokenize(std::string_view(text));
        double a0 = cpu_now();
        found += byline::find_temporal_entities(doc).size();
        double a1 = cpu_now();
        found += byline::find_numeric_entities(doc).size();
        double a2 = cpu_now();
        t_dates += a1 - a0;
        t_numbers += a2 - a1;
      }
  }
  auto pct = [&](double t) { return static_cast<long long>(1000.0 * t / (t_tok + t_ner)) / 10.0; };
  std::ostringstream o;
  std::size_t bytes = 0;
  for (const auto& t : articles) bytes += t.size();
  o << "{\"articles\":" << articles.size() * static_cast<std::size_t>(repeats)
    << ",\"bytes\":" << bytes * static_cast<std::size_t>(repeats) << ",\"warmup_texts\":" << bench.warmup
    << ",\"tokens\":" << tokens << ",\"entities\":" << ents
    << ",\"tokenize_tokens_per_second\":" << static_cast<long long>(tokens / t_tok)
    << ",\"ner_tokens_per_second\":" << static_cast<long long>(tokens / t_ner)
    << ",\"tokenize_ner_tokens_per_second\":" << static_cast<long long>(tokens / (t_tok + t_ner));
  if (ruler)
    o << ",\"rules_tokens_per_second\":" << static_cast<long long>(tokens / t_rules)
      << ",\"rules_cost_percent\":" << pct(t_rules) << ",\"dates_cost_percent\":" << pct(t_dates)
      << ",\"numbers_cost_percent\":" << pct(t_numbers) << ",\"rule_candidates\":" << found;
  o << ",\"wall_tokens_per_second\":" << static_cast<long long>(tokens / wall)
    << ",\"load_ms\":" << static_cast<long long>(load_ms * 10) / 10.0 << ",\"model_rss_mb\":" << (rss1 - rss0) / 1024.0
    << ",\"peak_rss_mb\":" << rss_kb() / 1024.0 << ",\"threads\":1}";
  std::cout << o.str() << "\n";
  return 0;
}

int cmd_ner(int argc, char** argv) {
  Args a = parse_args(argc, argv, 2, {"bench", "no-rules", "replace-invalid"},
                      {"model", "rules", "patterns", "date", "repeats", "warmup", "split"});
  if (a.positional.empty()) return usage(std::cerr, 2);
  if (a.has("rules") && a.has("no-rules"))
    throw std::invalid_argument("--rules and --no-rules go against each other: give one of them");
  // The same pipeline as byline.load() in Python: model, then the rules (unless --no-rules);
  // invalid UTF-8 is an error unless --replace-invalid, as in `tokenize`.
  byline::PipelineOptions po;
  if (a.has("replace-invalid")) po.tokenizer.utf8 = byline::Utf8Policy::kReplace;
  po.rules = !a.has("no-rules");
  if (po.rules && a.has("rules")) po.ruler.resource_dir = a.get("rules");
  if (a.has("patterns")) po.ruler.patterns_json = byline::read_pattern_file(a.get("patterns"));
  if (!a.has("bench"))
    for (const char* key : {"repeats", "warmup", "split"})
      if (a.has(key)) throw std::invalid_argument(std::string("--") + key + " goes with --bench");
  if (a.has("bench")) {
    const std::string split = a.get("split", "blank");
    if (split != "blank" && split != "nul")
      throw std::invalid_argument("--split is 'blank' or 'nul', not '" + split + "'");
    const int repeats = int_option(a, "repeats", 1), warmup = int_option(a, "warmup", 0);
    if (repeats < 1) throw std::invalid_argument("--repeats must be >= 1, not " + std::to_string(repeats));
    if (warmup < 0) throw std::invalid_argument("--warmup must be >= 0, not " + std::to_string(warmup));
    return bench_ner(a, po, a.positional, {repeats, warmup, split == "nul"});
  }
  auto nlp = load_pipeline(a, po);
  byline::DocOptions doc_options;
  doc_options.date = a.get("date", "");
  // As `tokenize`: a file that cannot be read or is not valid UTF-8 is reported and
  // skipped (exit status 1); other errors stop the command.
  return print_json_per_file(a.positional, [&](std::string text, const std::string&) {
    return nlp->process(std::move(text), doc_options).to_json();
  });
}

int cmd_clusters(int argc, char** argv) {
  Args a = parse_args(argc, argv, 2, {}, {"corpus", "out", "classes", "min-count", "iterations", "max-vocab"});
  if (!a.has("corpus") || !a.has("out")) return usage(std::cerr, 2);
  byline::ClusterOptions o;
  if (a.has("classes")) {
    o.num_classes.clear();
    for (const auto& c : byline::internal::split_commas(a.get("classes")))
      o.num_classes.push_back(parse_int("classes", c));
  }
  o.min_count = int_option(a, "min-count", o.min_count);
  o.iterations = int_option(a, "iterations", o.iterations);
  o.max_vocab = int_option(a, "max-vocab", o.max_vocab);
  byline::build_word_clusters(a.get("corpus"), a.get("out"), o);
  return 0;
}

}  // namespace

int run(int argc, char** argv) {
  if (argc < 2) return usage(std::cerr, 2);
  std::string cmd = argv[1];
  if (cmd == "--version") {
    std::cout << "byline-dev " << byline::version() << "\n";
    return 0;
  }
  if (cmd == "-h" || cmd == "--help") return usage(std::cout, 0);
  if (cmd == "tokenize" || cmd == "train" || cmd == "evaluate" || cmd == "ner" || cmd == "clusters") {
    try {
      if (cmd == "tokenize") return cmd_tokenize(argc, argv);
      if (cmd == "train") return cmd_train(argc, argv);
      if (cmd == "evaluate") return cmd_evaluate(argc, argv);
      if (cmd == "ner") return cmd_ner(argc, argv);
      return cmd_clusters(argc, argv);
    } catch (const byline::Error& e) {
      std::cerr << "byline-dev " << cmd << ": " << e.what() << "\n";
      return 1;
    } catch (const std::exception& e) {
      std::cerr << "byline-dev " << cmd << ": " << e.what() << "\n";
      return 2;
    }
  }
  std::cerr << "byline-dev: unknown command '" << cmd << "'\n";
  return usage(std::cerr, 2);
}

int main(int argc, char** argv) {
  const int rc = run(argc, argv);
  // Output that could not be written (stdout closed, disk full) is an error, not success.
  std::cout.flush();
  if (!std::cout) {
    std::cerr << "byline-dev: cannot write to standard output\n";
    return rc != 0 ? rc : 1;
  }
  return rc;
}
