#include "byline/pipeline.h"

#include <dlfcn.h>
#include <openssl/evp.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cctype>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <set>
#include <utility>

#include "byline/errors.h"
#include "byline/version.h"
#include "internal/batch.h"
#include "internal/chars.h"
#include "internal/files.h"
#include "internal/json_parse.h"
#include "internal/log.h"
#include "internal/pipeline_stages.h"
#include "internal/thread_pool.h"
#include "rules/builtin_lists.h"
#include "rules/calendar.h"

namespace byline {
namespace {

/// `value` in quotes for an error message; beyond 200 bytes its first 100 (cut at a
/// character boundary) and its length, so a huge bad value does not make a huge message.
std::string quoted_for_error(const std::string& value) {
  if (value.size() <= 200) return "'" + value + "'";
  std::size_t n = 100;
  while (n > 0 && (static_cast<unsigned char>(value[n]) & 0xC0) == 0x80) --n;
  return "'" + value.substr(0, n) + "' ... (" + std::to_string(value.size()) + " bytes)";
}

using json = nlohmann::json;

constexpr const char* kPackageFormat = "byline.package/1";
constexpr const char* kBytesFormat = "byline.pipeline/1";
constexpr char kMagic[8] = {'B', 'Y', 'L', 'N', 'P', 'I', 'P', 'E'};
constexpr std::uint32_t kBytesVersion = 1;
constexpr std::uint64_t kMaxMetaBytes = std::uint64_t{16} << 20;
constexpr const char* kModelFile = "model.bin";
constexpr const char* kListDir = "gazetteers/";
/// Most files a package's meta.json may list.
constexpr std::size_t kMaxPackageFiles = 1024;
/// Largest pipeline-bytes header (options, user rules, package lists) accepted.
constexpr std::uint64_t kMaxHeaderBytes = std::uint64_t{1} << 30;

std::string sha256_hex(std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  if (EVP_Digest(data.data(), data.size(), digest, &n, EVP_sha256(), nullptr) != 1)
    throw ModelError("sha256 is not available (OpenSSL EVP_Digest failed)");
  static const char* hex = "0123456789abcdef";
  std::string out;
  out.reserve(2 * n);
  for (unsigned int i = 0; i < n; ++i) {
    out += hex[digest[i] >> 4];
    out += hex[digest[i] & 15];
  }
  return out;
}

/// "1.2.3" -> {1, 2, 3}; missing parts are 0; a pre-release or build suffix ("-rc1",
/// "+local") is ignored; anything else -> {-1, 0, 0}.
std::array<long, 3> parse_version(std::string v) {
  v = v.substr(0, v.find_first_of("-+"));
  std::array<long, 3> out{0, 0, 0};
  std::size_t part = 0, i = 0;
  if (v.empty()) return {-1, 0, 0};
  while (i < v.size() && part < 3) {
    if (v[i] < '0' || v[i] > '9') return {-1, 0, 0};
    long n = 0;
    while (i < v.size() && v[i] >= '0' && v[i] <= '9' && n < 1000000) n = n * 10 + (v[i++] - '0');
    out[part++] = n;
    if (i < v.size()) {
      if (v[i] != '.') return {-1, 0, 0};
      ++i;
    }
  }
  return i == v.size() ? out : std::array<long, 3>{-1, 0, 0};
}

std::string join(const std::string& dir, const std::string& name) {
  return dir.empty() || dir.back() == '/' ? dir + name : dir + "/" + name;
}

/// The files of a package, checked against meta.json: the model bytes and the lists.
struct PackageData {
  Pipeline::Package package;
  std::string model_bytes;
};

/// Reads and checks the package in `dir`. With `with_model` false the model file is
/// neither read nor checked (the caller wants the package's lists only).
PackageData read_package(const std::string& dir, bool with_model = true) {
  const std::string meta_path = join(dir, "meta.json");
  PackageData out;
  out.package.path = dir;
  out.package.meta_json = internal::read_regular_file(meta_path, kMaxMetaBytes, "model package meta");
  auto bad = [&](const std::string& what) { return ModelError("model package " + meta_path + ": " + what); };
  json meta;
  try {
    meta = internal::parse_json(out.package.meta_json);
  } catch (const internal::JsonTooDeep& e) {
    throw bad(std::string("not valid JSON: ") + e.what());
  } catch (const json::exception& e) {
    throw bad(std::string("not valid JSON: ") + e.what());
  }
  if (!meta.is_object()) throw bad("not a JSON object");
  if (!meta.contains("format") || !meta["format"].is_string() || meta["format"].get<std::string>() != kPackageFormat)
    throw bad("format is not \"" + std::string(kPackageFormat) + "\" (not a byline model package, or a newer one)");
  // The byline versions the package was made for: "byline": {"min": "0.1.0", "below": "1.0.0"}.
  // Outside that range it is loaded with a warning (the format tag above decides whether
  // it can be read at all).
  if (meta.contains("byline")) {
    const json& req = meta["byline"];
    if (!req.is_object()) throw bad("\"byline\" must be an object {\"min\", \"below\"}");
    const auto have = parse_version(version());
    for (const char* key : {"min", "below"}) {
      if (!req.contains(key)) continue;
      if (!req[key].is_string() || parse_version(req[key].get<std::string>())[0] < 0)
        throw bad(std::string("\"byline.") + key + "\" must be a version string");
      const auto bound = parse_version(req[key].get<std::string>());
      const bool outside = std::string_view(key) == "min" ? have < bound : !(have < bound);
      if (outside)
        internal::logger().warn("model package {} was made for byline {} {}; this is byline {}", dir,
                                std::string_view(key) == "min" ? ">=" : "<", req[key].get<std::string>(), version());
    }
  }
  if (!meta.contains("files") || !meta["files"].is_object()) throw bad("no \"files\" object");
  const json& files = meta["files"];
  if (files.size() > kMaxPackageFiles)
    throw bad("lists " + std::to_string(files.size()) + " files; a package holds at most " +
              std::to_string(kMaxPackageFiles));
  bool have_model = false;
  for (auto it = files.begin(); it != files.end(); ++it) {
    const std::string& name = it.key();
    const json& entry = it.value();
    if (name.empty() || name.front() == '/' || name.find("..") != std::string::npos ||
        name.find('\\') != std::string::npos)
      throw bad("file name '" + name + "' must be a relative path inside the package");
    if (!entry.is_object() || !entry.contains("sha256") || !entry["sha256"].is_string() || !entry.contains("bytes") ||
        !entry["bytes"].is_number_unsigned())
      throw bad("files[\"" + name + "\"] needs \"bytes\" and \"sha256\"");
    const bool is_model = name == kModelFile;
    have_model = have_model || is_model;
    if (is_model && !with_model) continue;
    // The ruler's lists by their names; other files (NOTICE.md, ...) are listed but not read.
    const bool is_list = name.rfind(kListDir, 0) == 0 &&
                         internal::rules::is_builtin_list(std::string_view(name).substr(std::strlen(kListDir)));
    // Every listed file is checked, also those byline does not read (NOTICE.md, ...).
    const std::string path = join(dir, name);
    const std::uint64_t limit = is_model ? internal::kMaxModelFileBytes : internal::kMaxListFileBytes;
    std::string data = internal::read_regular_file(path, limit,
                                                   is_model  ? "NER model"
                                                   : is_list ? "phrase list"
                                                             : "package file");
    const auto want_bytes = entry["bytes"].get<std::uint64_t>();
    if (data.size() != want_bytes)
      throw ModelError("model package file " + path + " is damaged: " + std::to_string(data.size()) +
                       " bytes, meta.json says " + std::to_string(want_bytes));
    std::string want_sha = entry["sha256"].get<std::string>();
    for (auto& c : want_sha) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (sha256_hex(data) != want_sha)
      throw ModelError("model package file " + path + " is damaged: its sha256 differs from meta.json");
    if (is_model) {
      out.model_bytes = std::move(data);
    } else if (is_list) {
      out.package.lists[name.substr(std::strlen(kListDir))] = std::move(data);
    }
  }
  if (!have_model) throw bad("lists no model.bin");
  // The ruler's lists: none (a package of the model alone), or all the required ones.
  if (!out.package.lists.empty())
    if (auto missing = internal::rules::missing_required_list(out.package.lists); !missing.empty())
      throw bad("lists gazetteers/ but not gazetteers/" + std::string(missing));
  return out;
}

/// The rule stage `options` ask for over a package with built-in `lists` (see
/// PipelineOptions), or null for none.
std::shared_ptr<const EntityRuler> make_ruler(const PipelineOptions& options,
                                              const std::map<std::string, std::string>& lists) {
  RulerOptions r = options.ruler;
  if (!options.rules) {
    r.numbers = r.dates = false;
    r.resources.clear();
  } else if (r.resources.empty()) {
    r.resources = lists;
  }
  const bool any = options.rules || !r.patterns_json.empty() || !r.user_phrases.empty() || !r.user_list_texts.empty();
  if (!any) return nullptr;
  return EntityRuler::create(r);
}

const char* policy_name(Utf8Policy p) { return p == Utf8Policy::kReplace ? "replace" : "strict"; }

json options_json(const PipelineOptions& o) {
  const RulerOptions& r = o.ruler;
  json j;
  j["tokenizer"] = {{"utf8", policy_name(o.tokenizer.utf8)}, {"split_sentences", o.tokenizer.split_sentences}};
  j["rules"] = o.rules;
  j["ner"] = o.ner;
  json rj;
  rj["numbers"] = r.numbers;
  rj["dates"] = r.dates;
  rj["resources"] = r.resources;  // empty: the package's lists
  rj["user_list_texts"] = json::array();
  for (const auto& [name, text] : r.user_list_texts) rj["user_list_texts"].push_back({name, text});
  rj["user_phrases"] = json::array();
  for (const auto& p : r.user_phrases) rj["user_phrases"].push_back({p.label, p.text, p.value});
  rj["fold_case"] = r.user_lists_fold_case;
  rj["patterns_json"] = r.patterns_json;
  rj["anchor"] = {r.anchor.year, r.anchor.month, r.anchor.day};
  j["ruler"] = std::move(rj);
  return j;
}

PipelineOptions options_from_json(const json& j) {
  PipelineOptions o;
  const json& t = j.at("tokenizer");
  const std::string utf8 = t.at("utf8").get<std::string>();
  if (utf8 != "strict" && utf8 != "replace") throw ModelError("pipeline bytes: unknown UTF-8 policy '" + utf8 + "'");
  o.tokenizer.utf8 = utf8 == "replace" ? Utf8Policy::kReplace : Utf8Policy::kStrict;
  o.tokenizer.split_sentences = t.at("split_sentences").get<bool>();
  o.rules = j.at("rules").get<bool>();
  o.ner = j.value("ner", true);  // absent from the bytes of earlier versions
  const json& rj = j.at("ruler");
  RulerOptions& r = o.ruler;
  r.numbers = rj.at("numbers").get<bool>();
  r.dates = rj.at("dates").get<bool>();
  r.resources = rj.at("resources").get<std::map<std::string, std::string>>();
  for (const auto& e : rj.at("user_list_texts"))
    r.user_list_texts.emplace_back(e.at(0).get<std::string>(), e.at(1).get<std::string>());
  for (const auto& e : rj.at("user_phrases"))
    r.user_phrases.push_back(
        Phrase{e.at(0).get<std::string>(), e.at(1).get<std::string>(), e.at(2).get<std::string>()});
  r.user_lists_fold_case = rj.at("fold_case").get<bool>();
  r.patterns_json = rj.at("patterns_json").get<std::string>();
  const json& a = rj.at("anchor");
  r.anchor.year = a.at(0).get<int>();
  r.anchor.month = a.at(1).get<int>();
  r.anchor.day = a.at(2).get<int>();
  if (r.anchor.year != 0 && (!r.anchor.valid() || r.anchor.year > 9999))
    throw ModelError("pipeline bytes: bad date anchor");
  return o;
}

template <class T>
void put(std::string& out, T v) {
  char b[sizeof(T)];
  std::memcpy(b, &v, sizeof(T));
  out.append(b, sizeof(T));
}

template <class T>
T get(std::string_view bytes, std::size_t& pos) {
  if (bytes.size() - pos < sizeof(T)) throw ModelError("pipeline bytes are truncated");
  T v;
  std::memcpy(&v, bytes.data() + pos, sizeof(T));
  pos += sizeof(T);
  return v;
}

}  // namespace

std::string default_model() {
  if (const char* env = std::getenv("BYLINE_MODEL"); env != nullptr && *env != '\0') return env;
  return default_model_package();
}

std::shared_ptr<const Pipeline> load_default_pipeline(const PipelineOptions& options) {
  const char* env = std::getenv("BYLINE_MODEL");
  if (env == nullptr || *env == '\0') return Pipeline::load(default_model_package(), options);
  const std::string path = env;
  try {
    return Pipeline::load(path, options);
  } catch (const ModelError& e) {
    throw ModelError("BYLINE_MODEL=" + path + ": " + e.what());
  }
}

std::string default_model_package() {
  // $BYLINE_MODEL when it names a package; a bare model file (or a directory holding only
  // model.bin) has no lists of its own, so the lists come from the installed package.
  if (const char* env = std::getenv("BYLINE_MODEL"); env != nullptr && *env != '\0')
    if (internal::path_exists(join(env, "meta.json"))) return env;
  std::vector<std::string> tried;
  // An installed package, wherever the prefix was moved: from the directory of the shared
  // library (<prefix>/<libdir>/libbyline.so, BYLINE_LIB_TO_DATADIR is the relative path
  // from the library directory to the data directory of the install layout).
#ifdef BYLINE_LIB_TO_DATADIR
  Dl_info self{};
  if (::dladdr(reinterpret_cast<void*>(&default_model_package), &self) != 0 && self.dli_fname != nullptr &&
      self.dli_fname[0] == '/') {  // a statically linked executable reports argv[0], perhaps relative
    std::string dir(self.dli_fname);
    dir.resize(dir.find_last_of('/'));
    tried.push_back(dir + "/" BYLINE_LIB_TO_DATADIR "/byline/models/en_news");
  }
#endif
#ifdef BYLINE_INSTALL_DATADIR
  tried.push_back(std::string(BYLINE_INSTALL_DATADIR) + "/byline/models/en_news");
#endif
  // The source tree: from the working directory and from the running executable up.
  const std::string rel = "models/en_news";
  tried.push_back(rel);
  char buf[4096];
  ssize_t n = -1;
#ifdef __linux__
  n = ::readlink("/proc/self/exe", buf, sizeof(buf) - 1);
#endif
  if (n > 0) {
    std::string dir(buf, static_cast<std::size_t>(n));
    for (int up = 0; up < 5; ++up) {
      auto slash = dir.find_last_of('/');
      if (slash == std::string::npos || slash == 0) break;
      dir.resize(slash);
      tried.push_back(dir + "/" + rel);
    }
  }
  for (const auto& cand : tried)
    if (internal::path_exists(join(cand, "meta.json"))) return cand;
  std::string list;
  for (const auto& c : tried) list += (list.empty() ? "" : ", ") + c;
  throw ModelError("the default model package (en_news) was not found; tried " + list +
                   ". Build it with `make model` in the byline source tree, set BYLINE_MODEL to a model package "
                   "or model file, or pass a path");
}

Pipeline::Pipeline(std::shared_ptr<const EntityRecognizer> recognizer, Package package, const PipelineOptions& options)
    : tokenizer_(options.tokenizer),
      recognizer_(std::move(recognizer)),
      options_(options),
      meta_json_(std::move(package.meta_json)),
      path_(std::move(package.path)),
      package_lists_(std::move(package.lists)) {
  if (!recognizer_) throw ConfigError("a pipeline needs a recognizer");
  options_.ruler = read_ruler_files(options_.ruler);  // self-contained: to_bytes needs no files
  // Rules asked for without any lists (a bare model, or bytes of one): the default
  // package's lists when there is one, kept with the pipeline from then on.
  if (options_.rules && options_.ruler.resources.empty() && package_lists_.empty()) {
    try {
      package_lists_ = read_package(default_model_package(), /*with_model=*/false).package.lists;
    } catch (const ModelError& e) {
      internal::logger().warn("rules without gazetteers: {}", e.what());
    }
  }
  ruler_ = make_ruler(options_, package_lists_);
}

std::shared_ptr<const Pipeline> Pipeline::create(std::shared_ptr<const EntityRecognizer> recognizer,
                                                 const PipelineOptions& options) {
  return std::make_shared<const Pipeline>(std::move(recognizer), Package{}, options);
}

std::shared_ptr<const Pipeline> Pipeline::load(const std::string& path, const PipelineOptions& options) {
  if (internal::path_exists(join(path, "meta.json"))) {
    PackageData data = read_package(path);
    std::shared_ptr<const EntityRecognizer> recognizer;
    try {  // a model.bin damaged behind a matching sha256: the message names the file
      recognizer = EntityRecognizer::load_from_buffer(data.model_bytes);
    } catch (const ModelError& e) {
      throw ModelError(join(path, kModelFile) + ": " + e.what());
    }
    data.model_bytes = std::string();
    return std::make_shared<const Pipeline>(std::move(recognizer), std::move(data.package), options);
  }
  // A directory without meta.json: its model.bin, as for a bare model file (the error names
  // that file when it is missing, as byline.load() does).
  const std::string bare = internal::is_directory(path) ? join(path, kModelFile) : path;
  auto recognizer = EntityRecognizer::load(bare);
  Package package;
  package.path = path;  // a bare model file: the default package's lists (constructor)
  return std::make_shared<const Pipeline>(std::move(recognizer), std::move(package), options);
}

std::shared_ptr<const Pipeline> Pipeline::with_options(const PipelineOptions& options) const {
  return std::make_shared<const Pipeline>(recognizer_, Package{path_, meta_json_, package_lists_}, options);
}

std::string Pipeline::to_bytes() const {
  json header;
  header["format"] = kBytesFormat;
  header["byline"] = version();
  header["path"] = path_;
  header["meta_json"] = meta_json_;
  header["package_lists"] = package_lists_;
  header["options"] = options_json(options_);
  const std::string head = header.dump();
  const std::string model = recognizer_->serialize();
  std::string out(kMagic, sizeof(kMagic));
  put<std::uint32_t>(out, kBytesVersion);
  put<std::uint32_t>(out, 0);
  put<std::uint64_t>(out, head.size());
  out += head;
  put<std::uint64_t>(out, model.size());
  out += model;
  out += sha256_hex(std::string_view(out).substr(sizeof(kMagic)));
  return out;
}

std::shared_ptr<const Pipeline> Pipeline::from_bytes(std::string_view bytes) {
  constexpr std::size_t kDigest = 64;
  if (bytes.size() < sizeof(kMagic) + 24 + kDigest || std::memcmp(bytes.data(), kMagic, sizeof(kMagic)) != 0)
    throw ModelError("not byline pipeline bytes (bad magic or too short; Pipeline::to_bytes makes them)");
  std::string_view body = bytes.substr(sizeof(kMagic), bytes.size() - sizeof(kMagic) - kDigest);
  if (sha256_hex(body) != bytes.substr(bytes.size() - kDigest))
    throw ModelError("pipeline bytes are corrupted (sha256 mismatch)");
  std::size_t pos = sizeof(kMagic);
  const std::string_view all = bytes.substr(0, bytes.size() - kDigest);
  const auto ver = get<std::uint32_t>(all, pos);
  if (ver != kBytesVersion)
    throw ModelError("pipeline bytes of version " + std::to_string(ver) + " are not supported (this byline reads " +
                     std::to_string(kBytesVersion) + ")");
  get<std::uint32_t>(all, pos);
  const auto head_size = get<std::uint64_t>(all, pos);
  if (head_size > all.size() - pos) throw ModelError("pipeline bytes are truncated");
  if (head_size > kMaxHeaderBytes) throw ModelError("pipeline bytes: header over 1 GiB");
  const std::string_view head = all.substr(pos, head_size);
  pos += head_size;
  const auto model_size = get<std::uint64_t>(all, pos);
  if (model_size != all.size() - pos) throw ModelError("pipeline bytes are truncated");
  try {
    json h = internal::parse_json(head);
    if (h.at("format").get<std::string>() != kBytesFormat) throw ModelError("pipeline bytes of an unknown format");
    Package package;
    package.path = h.at("path").get<std::string>();
    package.meta_json = h.at("meta_json").get<std::string>();
    package.lists = h.at("package_lists").get<std::map<std::string, std::string>>();
    PipelineOptions options = options_from_json(h.at("options"));
    auto recognizer = EntityRecognizer::load_from_buffer(all.substr(pos, model_size));
    return std::make_shared<const Pipeline>(std::move(recognizer), std::move(package), options);
  } catch (const internal::JsonTooDeep& e) {
    throw ModelError(std::string("pipeline bytes: header ") + e.what());
  } catch (const json::exception& e) {
    throw ModelError(std::string("pipeline bytes: bad header: ") + e.what());
  } catch (const ConfigError& e) {  // user rules or lists inside the bytes
    throw ModelError(std::string("pipeline bytes: ") + e.what());
  }
}

namespace internal {

namespace {

/// The document date `value` (`what`: where it comes from, for the error; `hint` ends
/// the message); InputError when it is no date.
DateAnchor checked_date(const std::string& value, const std::string& what, const std::string& hint = "") {
  const DateAnchor day = DateAnchor::parse(value);
  if (day.valid()) return day;
  const std::string problem = DateAnchor::parse_error(value);
  if (problem.rfind("expected ", 0) != 0)  // a real date with a wrong weekday
    throw InputError("invalid " + what + " " + quoted_for_error(value) + ": " + problem + hint);
  throw InputError(what +
                   " must be an ISO date or date-time (2025-01-02, 2025-01-02T10:00:00Z) or an RFC 2822 date (Thu, "
                   "02 Jan 2025 10:00:00 GMT), not " +
                   quoted_for_error(value) + hint);
}

}  // namespace

bool annotate_model(const Pipeline& p, Doc& doc, const DocOptions& options) {
  for (const auto& [key, value] : options.meta) doc.set_meta(key, value);
  bool find_date = false;
  if (!options.date.empty()) {
    const DateAnchor day = checked_date(options.date, "date");
    doc.set_meta("date", internal::rules::fmt_ymd(day.year, day.month, day.day));
    if (!options.date_source.empty())
      doc.set_meta("date_source", options.date_source);
    else if (doc.meta().count("date_source") == 0)  // a reader may have named it in `meta`
      doc.set_meta("date_source", "argument");
  } else if (auto it = doc.meta().find("date"); it != doc.meta().end() && !is_blank(it->second)) {
    // the rules would silently ignore a date that is none (a blank one counts as absent)
    checked_date(it->second, "the Doc's meta \"date\"", " (a date given to the pipeline replaces it)");
    if (doc.meta().count("date_source") == 0) doc.set_meta("date_source", "meta");
  } else {
    find_date = options.find_date && p.ruler() && p.ruler()->options().dates;
  }
  // (the recognizer reads no metadata: the date found in the text can wait for part two)
  if (p.options().ner) p.recognizer()->annotate(doc);
  return find_date;
}

void annotate_rules(const Pipeline& p, Doc& doc, bool find_date) {
  if (find_date) {
    const DocumentDate found = find_document_date(doc);
    if (!found.date.empty()) {
      doc.set_meta("date", found.date);
      doc.set_meta("date_source", "text");
    }
  }
  if (p.ruler()) p.ruler()->annotate(doc);
}

}  // namespace internal

void Pipeline::annotate(Doc& doc, const DocOptions& options) const {
  internal::annotate_rules(*this, doc, internal::annotate_model(*this, doc, options));
}

Doc Pipeline::process(std::string_view text, const DocOptions& options) const {
  Doc doc = tokenizer_.tokenize(text);
  annotate(doc, options);
  return doc;
}

std::vector<Doc> Pipeline::process_batch(const std::vector<std::string_view>& texts, int num_threads,
                                         const std::vector<DocOptions>& options, std::size_t first_index) const {
  if (!options.empty() && options.size() != texts.size())
    throw std::invalid_argument("process_batch: " + std::to_string(options.size()) + " DocOptions for " +
                                std::to_string(texts.size()) + " texts");
  std::vector<Doc> docs(texts.size());
  static const DocOptions kNone;
  const int threads = resolve_num_threads(num_threads);
  auto named = [&](std::size_t i, const InputError& e) {
    return InputError("text " + std::to_string(first_index + i) + ": " + e.what());
  };
  // annotate() in two passes over the batch: tokenizer and recognizer for every text, then
  // the rules (document date, ruler) for every Doc. Each Doc is annotated as annotate()
  // does; the two stages no longer take turns at the caches text by text (the rules'
  // tables, cold after the recognizer, cost the rules about a third more time, and the
  // recognizer's weights, cold after the rules, slow it as well).
  std::vector<std::uint8_t> find_date(texts.size(), 0);
  std::atomic<std::size_t> failed{texts.size()};  // the first text the first pass failed on
  std::exception_ptr first_error;
  try {
    internal::parallel_for(texts.size(), threads, [&](std::size_t i) {
      try {
        docs[i] = internal::tokenize_numbered(tokenizer_, texts[i], first_index + i);
        try {
          find_date[i] = internal::annotate_model(*this, docs[i], options.empty() ? kNone : options[i]) ? 1 : 0;
        } catch (const InputError& e) {
          throw named(i, e);
        }
      } catch (...) {
        for (std::size_t cur = failed.load(); i < cur && !failed.compare_exchange_weak(cur, i);) {
        }
        throw;
      }
    });
  } catch (...) {
    first_error = std::current_exception();
  }
  // the texts before the first failure (all of them done: parallel_for finishes every
  // index below a failing one), so that the error rethrown is that of the first failing
  // text, in whichever pass it failed
  internal::parallel_for(failed.load(), threads, [&](std::size_t i) {
    try {
      internal::annotate_rules(*this, docs[i], find_date[i] != 0);
    } catch (const InputError& e) {
      throw named(i, e);
    }
  });
  if (first_error) std::rethrow_exception(first_error);
  return docs;
}

std::vector<std::string> Pipeline::labels() const {
  std::set<std::string> s;
  if (options_.ner)
    for (auto& l : recognizer_->labels()) s.insert(std::move(l));
  if (ruler_) {
    for (auto& l : ruler_->labels()) s.insert(std::move(l));
    for (auto& l : ruler_->user_labels()) s.insert(std::move(l));
  }
  return {s.begin(), s.end()};
}

}  // namespace byline
