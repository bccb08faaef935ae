// register_pipeline.cpp — byline._core.Pipeline: the one entity pipeline
// (cpp/include/byline/pipeline.h) that byline.load(), byline.load_bytes(), pickling and
// the Dask helpers run.
//
//   >>> nlp = _core.Pipeline.load("byline/models/en_news")            # a model package
//   >>> doc = nlp.process("Putin met Xi in Moscow on Monday.", date="2025-01-02")
//   >>> docs = nlp.process_batch(texts, threads=0, dates=None)        # C++ threads
//   >>> same = _core.Pipeline.from_bytes(nlp.to_bytes())
//   >>> more = nlp.with_options(patterns_json='[{"label": "PRODUCT", "pattern": "GigaChat"}]')
//
// Arguments are converted under the GIL; loading, tokenizing, tagging and matching run
// with it released; Python objects are built after re-acquiring it.
//
// THREAD SAFETY: a Pipeline is immutable (std::shared_ptr<const byline::Pipeline>); any
// number of Python or C++ threads may use one at once.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <limits>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "bindings.h"
#include "byline/errors.h"
#include "byline/extract.h"
#include "byline/pipeline.h"
#include "byline/rules.h"

namespace byline::python {
namespace {

using PipelinePtr = std::shared_ptr<const Pipeline>;

/// The Python-visible pipeline: a shared handle on an immutable byline::Pipeline.
struct Handle {
  PipelinePtr p;
  const Pipeline& operator*() const { return *p; }
};
using PhraseTuple = std::tuple<std::string, std::string, std::string>;

/// `base` with the keyword arguments of load(), create() and with_options() applied;
/// None keeps a setting (phrases and phrase_files replace the current ones, and
/// resource_dir "" means the package's lists again).
PipelineOptions apply_options(PipelineOptions o, std::optional<bool> rules, std::optional<std::string> errors,
                              std::optional<bool> sentences, std::optional<std::string> resource_dir,
                              std::optional<std::string> patterns_json, std::optional<std::vector<PhraseTuple>> phrases,
                              std::optional<std::vector<std::string>> phrase_files, std::optional<bool> fold_case) {
  if (rules) o.rules = *rules;
  if (errors) {
    if (*errors != "strict" && *errors != "replace")
      throw ConfigError("errors must be 'strict' or 'replace', not '" + *errors + "'");
    o.tokenizer.utf8 = *errors == "replace" ? Utf8Policy::kReplace : Utf8Policy::kStrict;
  }
  if (sentences) o.tokenizer.split_sentences = *sentences;
  if (resource_dir) {
    o.ruler.resources.clear();
    o.ruler.resource_dir = *resource_dir;
  }
  if (patterns_json) o.ruler.patterns_json = *patterns_json;
  if (phrases) {
    o.ruler.user_phrases.clear();
    for (const auto& [label, text, value] : *phrases) o.ruler.user_phrases.push_back(Phrase{label, text, value});
  }
  if (phrase_files) {
    o.ruler.user_list_texts.clear();
    o.ruler.user_lists = *phrase_files;
  }
  if (fold_case) o.ruler.user_lists_fold_case = *fold_case;
  return o;
}

Handle load(const std::string& path, bool rules, const std::string& errors, bool sentences,
            const std::string& resource_dir, const std::string& patterns_json, const std::vector<PhraseTuple>& phrases,
            const std::vector<std::string>& phrase_files, bool fold_case, bool ner) {
  PipelineOptions o =
      apply_options({}, rules, errors, sentences, resource_dir, patterns_json, phrases, phrase_files, fold_case);
  o.ner = ner;
  py::gil_scoped_release nogil;
  return Handle{Pipeline::load(path, o)};
}

Handle with_options(const Handle& h, std::optional<bool> rules, std::optional<std::string> errors,
                    std::optional<bool> sentences, std::optional<std::string> resource_dir,
                    std::optional<std::string> patterns_json, std::optional<std::vector<PhraseTuple>> phrases,
                    std::optional<std::vector<std::string>> phrase_files, std::optional<bool> fold_case,
                    std::optional<bool> ner) {
  PipelineOptions o = apply_options(h.p->options(), rules, errors, sentences, resource_dir, patterns_json, phrases,
                                    phrase_files, fold_case);
  if (ner) o.ner = *ner;
  py::gil_scoped_release nogil;
  return Handle{h.p->with_options(o)};
}

Handle from_recognizer(const Recognizer& recognizer, bool rules, const std::string& errors, bool sentences,
                       const std::string& resource_dir, const std::string& patterns_json,
                       const std::vector<PhraseTuple>& phrases, const std::vector<std::string>& phrase_files,
                       bool fold_case) {
  PipelineOptions o =
      apply_options({}, rules, errors, sentences, resource_dir, patterns_json, phrases, phrase_files, fold_case);
  py::gil_scoped_release nogil;
  return Handle{Pipeline::create(recognizer.model, o)};
}

Handle from_bytes(const py::bytes& data) {
  const std::string_view bytes = bytes_view(data);
  py::gil_scoped_release nogil;  // `data` stays referenced by the caller meanwhile
  return Handle{Pipeline::from_bytes(bytes)};
}

py::bytes to_bytes(const Handle& self) {
  std::string bytes;
  {
    py::gil_scoped_release nogil;
    bytes = self.p->to_bytes();
  }
  return py::bytes(bytes);
}

DocOptions doc_options(const std::string& date,
                       const std::optional<std::vector<std::pair<std::string, std::string>>>& meta) {
  DocOptions o;
  o.date = date;
  if (meta) o.meta = *meta;
  return o;
}

Doc process_one(const Handle& h, py::handle text, const std::string& date,
                const std::optional<std::vector<std::pair<std::string, std::string>>>& meta) {
  const DocOptions options = doc_options(date, meta);
  const Pipeline& self = *h;
  return process_text(self.tokenizer(), text, [&](Doc& doc) { self.annotate(doc, options); });
}

/// The per-text dates of a batch: None (none), one str for all, or a sequence of str/None.
std::vector<DocOptions> batch_options(py::handle dates, std::size_t n) {
  std::vector<DocOptions> out;
  if (dates.is_none()) return out;
  out.resize(n);
  if (PyUnicode_Check(dates.ptr())) {
    const std::string d = dates.cast<std::string>();
    for (auto& o : out) o.date = d;
    return out;
  }
  auto seq = py::reinterpret_steal<py::list>(PySequence_List(dates.ptr()));
  if (!seq) throw py::type_error("dates must be None, a str, or a sequence of str/None");
  if (seq.size() != n)
    throw std::invalid_argument("dates has " + std::to_string(seq.size()) + " items for " + std::to_string(n) +
                                " texts");
  for (std::size_t i = 0; i < n; ++i)
    if (!seq[i].is_none()) out[i].date = seq[i].cast<std::string>();
  return out;
}

py::list process_many(const Handle& h, py::handle texts, int threads, std::size_t first_index, py::handle dates) {
  const Pipeline& self = *h;
  int n_threads = resolve_num_threads(threads);  // ValueError for a negative count, before any work
  std::vector<TextArg> args = batch_text_args(texts, self.tokenizer(), "process_batch", first_index);
  std::vector<DocOptions> options = batch_options(dates, args.size());
  std::vector<std::string_view> views;
  views.reserve(args.size());
  for (const auto& a : args) views.push_back(a.view());
  std::vector<Doc> docs;
  {
    py::gil_scoped_release nogil;
    docs = self.process_batch(views, n_threads, options, first_index);
  }
  py::list out(docs.size());
  for (std::size_t i = 0; i < docs.size(); ++i) {
    if (args[i].replaced()) docs[i].set_utf8_replaced(true);
    out[i] = py::cast(std::move(docs[i]));
  }
  return out;
}

Doc annotate_copy(const Handle& h, const Doc& doc, const std::string& date) {
  const Pipeline& self = *h;
  Doc copy = doc;  // copied under the GIL: Doc.set_meta may run in another Python thread
  DocOptions options;
  options.date = date;
  {
    py::gil_scoped_release nogil;
    self.annotate(copy, options);
  }
  return copy;
}

/// (input, id, title, date, url, source, date_source): byline::ExtractSource.
using SourceTuple =
    std::tuple<std::string, std::optional<std::string>, std::optional<std::string>, std::optional<std::string>,
               std::optional<std::string>, std::optional<std::string>, std::optional<std::string>>;

/// Arrow's validity bitmap of a column (bit i set = row i valid, least significant bit
/// first), empty when every row is valid, and its null count.
struct ArrowValidity {
  std::vector<std::uint8_t> bits;
  std::size_t nulls = 0;
};

ArrowValidity arrow_validity(const std::vector<std::uint8_t>& valid) {
  ArrowValidity v;
  for (std::uint8_t b : valid) v.nulls += b == 0 ? 1 : 0;
  if (v.nulls == 0) return v;
  v.bits.assign((valid.size() + 7) / 8, 0);
  for (std::size_t i = 0; i < valid.size(); ++i)
    if (valid[i] != 0) v.bits[i >> 3] = static_cast<std::uint8_t>(v.bits[i >> 3] | (1u << (i & 7)));
  return v;
}

/// Packed bits of 0/1 bytes (Arrow's boolean values).
std::vector<std::uint8_t> pack_bits(const std::vector<std::uint8_t>& flags) {
  std::vector<std::uint8_t> bits((flags.size() + 7) / 8, 0);
  for (std::size_t i = 0; i < flags.size(); ++i)
    if (flags[i] != 0) bits[i >> 3] = static_cast<std::uint8_t>(bits[i >> 3] | (1u << (i & 7)));
  return bits;
}

/// The Arrow buffers of a string column: int32 offsets (int64 when the data exceed 2 GiB:
/// large_string), the UTF-8 bytes (moved from the column) and the validity.
struct ArrowStrings {
  std::vector<std::int32_t> offsets;
  std::vector<std::int64_t> large_offsets;  ///< instead of `offsets` beyond 2 GiB
  std::string data;
  ArrowValidity validity;
  std::size_t length = 0;
};

ArrowStrings arrow_strings(StringColumn& c) {
  ArrowStrings a;
  a.length = c.size();
  if (c.data.size() < static_cast<std::size_t>(std::numeric_limits<std::int32_t>::max()))
    a.offsets.assign(c.offsets.begin(), c.offsets.end());
  else
    a.large_offsets = std::move(c.offsets);
  a.data = std::move(c.data);
  a.validity = arrow_validity(c.valid);
  return a;
}

/// The Arrow buffers of a numeric column (values moved from it) or a boolean one (packed).
template <class T>
struct ArrowNumbers {
  std::vector<T> values;
  ArrowValidity validity;
};

template <class T>
ArrowNumbers<T> arrow_numbers(NumberColumn<T>& c) {
  ArrowNumbers<T> a;
  a.validity = arrow_validity(c.valid);
  a.values = std::move(c.values);
  return a;
}

ArrowNumbers<std::uint8_t> arrow_bools(const NumberColumn<std::uint8_t>& c) {
  return ArrowNumbers<std::uint8_t>{pack_bits(c.values), arrow_validity(c.valid)};
}

/// The mention table (MentionColumns) as Arrow buffers, made without the GIL.
struct ArrowMentions {
  std::size_t rows = 0;
  ArrowStrings article_id, text, label, source;
  ArrowNumbers<std::int64_t> start, end, sentence;
  ArrowNumbers<double> score;
  ArrowValidity value_validity;
  ArrowStrings value_string, value_open, value_currency, value_unit, value_country, value_kind, value_start, value_end,
      value_anchor, value_zone, value_other;
  ArrowNumbers<double> value_number, value_min, value_max;
  ArrowNumbers<std::uint8_t> value_approx, value_inclusive, value_fiscal;  ///< packed bits
};

/// Takes the buffers of `m` (left empty or moved-from).
ArrowMentions arrow_mentions(MentionColumns& m) {
  ArrowMentions a;
  a.rows = m.size();
  a.article_id = arrow_strings(m.article_id);
  a.text = arrow_strings(m.text);
  a.label = arrow_strings(m.label);
  a.source = arrow_strings(m.source);
  a.start = arrow_numbers(m.start);
  a.end = arrow_numbers(m.end);
  a.sentence = arrow_numbers(m.sentence);
  a.score = arrow_numbers(m.score);
  a.value_validity = arrow_validity(m.value_valid);
  a.value_string = arrow_strings(m.value_string);
  a.value_open = arrow_strings(m.value_open);
  a.value_currency = arrow_strings(m.value_currency);
  a.value_unit = arrow_strings(m.value_unit);
  a.value_country = arrow_strings(m.value_country);
  a.value_kind = arrow_strings(m.value_kind);
  a.value_start = arrow_strings(m.value_start);
  a.value_end = arrow_strings(m.value_end);
  a.value_anchor = arrow_strings(m.value_anchor);
  a.value_zone = arrow_strings(m.value_zone);
  a.value_other = arrow_strings(m.value_other);
  a.value_number = arrow_numbers(m.value_number);
  a.value_min = arrow_numbers(m.value_min);
  a.value_max = arrow_numbers(m.value_max);
  a.value_approx = arrow_bools(m.value_approx);
  a.value_inclusive = arrow_bools(m.value_inclusive);
  a.value_fiscal = arrow_bools(m.value_fiscal);
  return a;
}

/// The article table (ArticleColumns) as Arrow buffers, made without the GIL.
struct ArrowArticles {
  ArrowStrings article_id, input, title, date, url, source, error;
  ArrowNumbers<std::int64_t> chars, tokens, sentences, entities;
  ArrowNumbers<std::uint8_t> utf8_replaced;  ///< packed bits
  std::size_t rows = 0;
};

ArrowArticles arrow_articles(ArticleColumns& c) {
  ArrowArticles a;
  a.rows = c.size();
  a.utf8_replaced = arrow_bools(c.utf8_replaced);
  a.article_id = arrow_strings(c.article_id);
  a.input = arrow_strings(c.input);
  a.title = arrow_strings(c.title);
  a.date = arrow_strings(c.date);
  a.url = arrow_strings(c.url);
  a.source = arrow_strings(c.source);
  a.error = arrow_strings(c.error);
  a.chars = arrow_numbers(c.chars);
  a.tokens = arrow_numbers(c.tokens);
  a.sentences = arrow_numbers(c.sentences);
  a.entities = arrow_numbers(c.entities);
  return a;
}

/// A one-dimensional NumPy array over the storage of `v` (moved into the array's owner):
/// no copy.
template <class T>
py::array_t<T> owned_array(std::vector<T>&& v) {
  auto owned = std::make_unique<std::vector<T>>(std::move(v));
  std::vector<T>* p = owned.get();
  py::capsule owner(p, [](void* q) { delete static_cast<std::vector<T>*>(q); });
  owned.release();  // the capsule deletes it
  return py::array_t<T>(static_cast<py::ssize_t>(p->size()), p->data(), owner);
}

/// A uint8 NumPy array over the bytes of `s` (moved into the array's owner): no copy.
py::array_t<std::uint8_t> owned_bytes(std::string&& s) {
  auto owned = std::make_unique<std::string>(std::move(s));
  std::string* p = owned.get();
  py::capsule owner(p, [](void* q) { delete static_cast<std::string*>(q); });
  owned.release();
  return py::array_t<std::uint8_t>(static_cast<py::ssize_t>(p->size()), reinterpret_cast<std::uint8_t*>(p->data()),
                                   owner);
}

py::object validity_object(ArrowValidity& v) {
  if (v.nulls == 0) return py::none();
  return owned_array(std::move(v.bits));
}

/// {"offsets": int32 array (int64 when the data exceed 2 GiB: large_string), "data": uint8
/// array, "validity": uint8 bitmap array or None, "nulls": int, "length": int}: the
/// buffers made in C++, which the writer wraps without copying (nor does this).
py::dict string_column(ArrowStrings& a) {
  py::dict d;
  if (a.large_offsets.empty())
    d["offsets"] = owned_array(std::move(a.offsets));
  else
    d["offsets"] = owned_array(std::move(a.large_offsets));
  d["data"] = owned_bytes(std::move(a.data));
  d["nulls"] = a.validity.nulls;
  d["validity"] = validity_object(a.validity);
  d["length"] = a.length;
  return d;
}

/// {"values": array, "validity": uint8 bitmap array or None, "nulls": int, "length": int}
template <class T>
py::dict number_column(ArrowNumbers<T>& a) {
  py::dict d;
  d["length"] = a.values.size();
  d["values"] = owned_array(std::move(a.values));
  d["nulls"] = a.validity.nulls;
  d["validity"] = validity_object(a.validity);
  return d;
}

/// A boolean column: {"bits": packed values, "validity": bitmap array or None, "nulls", "length"}.
py::dict bool_column(ArrowNumbers<std::uint8_t>& a, std::size_t length) {
  py::dict d;
  d["bits"] = owned_array(std::move(a.values));
  d["nulls"] = a.validity.nulls;
  d["validity"] = validity_object(a.validity);
  d["length"] = length;
  return d;
}

py::dict mention_columns(ArrowMentions& m) {
  py::dict d;
  d["article_id"] = string_column(m.article_id);
  d["start"] = number_column(m.start);
  d["end"] = number_column(m.end);
  d["text"] = string_column(m.text);
  d["label"] = string_column(m.label);
  d["source"] = string_column(m.source);
  d["score"] = number_column(m.score);
  d["sentence"] = number_column(m.sentence);
  d["value_nulls"] = m.value_validity.nulls;
  d["value_validity"] = validity_object(m.value_validity);
  d["value_string"] = string_column(m.value_string);
  d["value_number"] = number_column(m.value_number);
  d["value_min"] = number_column(m.value_min);
  d["value_max"] = number_column(m.value_max);
  d["value_approx"] = bool_column(m.value_approx, m.rows);
  d["value_open"] = string_column(m.value_open);
  d["value_inclusive"] = bool_column(m.value_inclusive, m.rows);
  d["value_currency"] = string_column(m.value_currency);
  d["value_unit"] = string_column(m.value_unit);
  d["value_country"] = string_column(m.value_country);
  d["value_kind"] = string_column(m.value_kind);
  d["value_start"] = string_column(m.value_start);
  d["value_end"] = string_column(m.value_end);
  d["value_anchor"] = string_column(m.value_anchor);
  d["value_zone"] = string_column(m.value_zone);
  d["value_fiscal"] = bool_column(m.value_fiscal, m.rows);
  d["value_other"] = string_column(m.value_other);
  return d;
}

py::dict article_columns(ArrowArticles& a) {
  py::dict d;
  for (auto [name, col] : {std::pair{"article_id", &a.article_id},
                           {"input", &a.input},
                           {"title", &a.title},
                           {"date", &a.date},
                           {"url", &a.url},
                           {"source", &a.source},
                           {"error", &a.error}})
    d[name] = string_column(*col);
  for (auto [name, col] :
       {std::pair{"chars", &a.chars}, {"tokens", &a.tokens}, {"sentences", &a.sentences}, {"entities", &a.entities}})
    d[name] = number_column(*col);
  d["utf8_replaced"] = bool_column(a.utf8_replaced, a.rows);
  return d;
}

/// _core.RecordParts: a long record of extract_batch, iterated a part (str) at a time.
struct PartsHandle {
  std::shared_ptr<RecordParts> parts;
  std::mutex mutex;  // one part at a time, whichever Python thread asks
};

/// Bytes of JSON or CSV text, or mention rows (a Parquet row group), per part of a long record.
constexpr std::size_t kPartBytes = std::size_t{1} << 22;
constexpr std::size_t kPartRows = std::size_t{1} << 16;

py::object next_part(PartsHandle& h) {
  std::string text;
  ArrowMentions arrow;
  bool more = false, is_columns = false;
  {
    py::gil_scoped_release nogil;
    std::lock_guard<std::mutex> lock(h.mutex);
    if (h.parts) {
      is_columns = h.parts->format() == ExtractFormat::kColumns;
      MentionColumns columns;
      more = is_columns ? h.parts->next(columns, kPartRows) : h.parts->next(text, kPartBytes);
      if (more && is_columns) arrow = arrow_mentions(columns);
    }
    if (!more) h.parts.reset();  // the Doc goes as soon as the record is given
  }
  if (!more) throw py::stop_iteration();
  if (is_columns) return mention_columns(arrow);
  return py::str(text);
}

/// Pipeline.extract_batch: the records of `byline extract` for a batch, made on C++ threads.
py::object extract_many(const Handle& h, py::handle texts, const std::vector<SourceTuple>& sources, int threads,
                        const std::string& format, bool csv_raw,
                        const std::optional<std::vector<std::optional<std::string>>>& errors,
                        const std::optional<std::vector<bool>>& replaced) {
  const Pipeline& self = *h;
  int n_threads = resolve_num_threads(threads);
  ExtractOptions options;
  if (format == "csv")
    options.format = ExtractFormat::kCsv;
  else if (format == "columns")
    options.format = ExtractFormat::kColumns;
  else if (format != "jsonl")
    throw ConfigError("format must be 'jsonl', 'csv' or 'columns', not '" + format + "'");
  options.csv_raw = csv_raw;
  py::list list = batch_text_items(texts, "extract_batch");
  const std::size_t n = list.size();
  if (sources.size() != n || (errors && errors->size() != n) || (replaced && replaced->size() != n))
    throw std::invalid_argument("extract_batch: " + std::to_string(sources.size()) + " sources for " +
                                std::to_string(n) + " texts");
  // A text that cannot be converted (not str/bytes, a lone surrogate under 'strict') is the
  // error of its input, which gets its error record as one that could not be read: the
  // caller names it by its input, not by its place in this batch. Such inputs, and those
  // that come with an error, are not processed (their text is empty).
  const py::str empty("");
  std::vector<TextArg> args;
  args.reserve(n);
  std::vector<ExtractItem> items(n);
  for (std::size_t i = 0; i < n; ++i) {
    std::string& error = items[i].error;
    if (errors && (*errors)[i]) error = *(*errors)[i];
    bool converted = false;
    if (error.empty()) {
      try {
        args.emplace_back(list[i], replaces(self.tokenizer()));
        converted = true;
      } catch (const py::type_error& e) {
        error = e.what();
      } catch (const EncodingError& e) {
        error = e.what();
      }
    }
    if (!converted) args.emplace_back(empty, false);
  }
  for (std::size_t i = 0; i < n; ++i) {
    items[i].text = args[i].view();
    items[i].utf8_replaced = args[i].replaced() || (replaced && (*replaced)[i]);
    auto& [input, id, title, date, url, source, date_source] = sources[i];
    items[i].source = ExtractSource{input, id, title, date, url, source, date_source};
  }
  std::vector<ExtractOutput> out;
  ArrowMentions mentions;
  ArrowArticles articles;
  {
    py::gil_scoped_release nogil;
    if (options.format == ExtractFormat::kColumns) {
      MentionColumns m;
      ArticleColumns a;
      out = extract_batch_columns(self, items, m, a, n_threads);
      mentions = arrow_mentions(m);
      articles = arrow_articles(a);
    } else {
      out = extract_batch(self, items, options, n_threads);
    }
  }
  py::list result(out.size());
  for (std::size_t i = 0; i < out.size(); ++i) {
    auto& o = out[i];
    py::object record;
    if (o.parts) {
      auto handle = std::make_shared<PartsHandle>();
      handle->parts = std::move(o.parts);
      record = py::cast(std::move(handle));
    } else {
      record = py::str(o.record);
      o.record = std::string();
    }
    result[i] =
        py::make_tuple(std::move(record), py::str(o.article_row),
                       o.error.empty() ? py::object(py::none()) : py::object(py::str(o.error)), o.tokens, o.entities);
  }
  if (options.format != ExtractFormat::kColumns) return std::move(result);
  return py::make_tuple(result, mention_columns(mentions), article_columns(articles));
}

py::object ruler_of(const Handle& h) {
  const Pipeline& self = *h;
  if (!self.ruler()) return py::none();
  return py::cast(Ruler{self.ruler()});
}

std::string errors_name(const Handle& h) {
  const Pipeline& self = *h;
  return self.options().tokenizer.utf8 == Utf8Policy::kReplace ? "replace" : "strict";
}

}  // namespace

void register_pipeline(py::module_& m) {
  const char* options_doc =
      "rules: the built-in rule stage (numbers, dates, the package's gazetteers); errors: 'strict' or\n"
      "'replace' (invalid UTF-8); sentences: split sentences; resource_dir: other gazetteers than the\n"
      "package's ('' = the package's); patterns_json: user token patterns (TokenMatcher JSON); phrases:\n"
      "(label, text, value_json) tuples; phrase_files: LABEL<TAB>phrase[<TAB>value] list files;\n"
      "fold_case: match user phrases case-insensitively; ner (load, with_options): run the statistical\n"
      "recognizer.";
  py::class_<PartsHandle, std::shared_ptr<PartsHandle>>(
      m, "RecordParts",
      "A long record of Pipeline.extract_batch (a text of over 65,536 entities), made a part at a\n"
      "time as it is iterated: str parts of about 4 MiB which, joined, are the record (format\n"
      "'jsonl' or 'csv'), or for format 'columns' the text's mention columns 65,536 rows at a time\n"
      "(dicts as in the batch's mentions). Iterate once; the document it holds is freed at the end.")
      .def("__iter__", [](py::object self) { return self; })
      .def("__next__", &next_part);
  py::class_<Handle>(m, "Pipeline",
                     "The entity pipeline: tokenizer -> statistical recognizer -> entity ruler, made\n"
                     "from a model package (byline::Pipeline). Immutable and thread-safe; all work\n"
                     "releases the GIL. Use byline.load() for the Python pipeline on top of it.")
      .def_static("load", &load, py::arg("path"), py::kw_only(), py::arg("rules") = true, py::arg("errors") = "strict",
                  py::arg("sentences") = true, py::arg("resource_dir") = "", py::arg("patterns_json") = "",
                  py::arg("phrases") = std::vector<PhraseTuple>{}, py::arg("phrase_files") = std::vector<std::string>{},
                  py::arg("fold_case") = false, py::arg("ner") = true,
                  (std::string("Load a model package directory (meta.json, model.bin, gazetteers/; every file is\n"
                               "checked against meta.json) or a bare model file. ModelError names the file and the\n"
                               "problem.\n\n") +
                   options_doc)
                      .c_str())
      .def_static("create", &from_recognizer, py::arg("recognizer"), py::kw_only(), py::arg("rules") = true,
                  py::arg("errors") = "strict", py::arg("sentences") = true, py::arg("resource_dir") = "",
                  py::arg("patterns_json") = "", py::arg("phrases") = std::vector<PhraseTuple>{},
                  py::arg("phrase_files") = std::vector<std::string>{}, py::arg("fold_case") = false,
                  "A pipeline over a recognizer (e.g. one just trained); no package, so no built-in lists\n"
                  "unless resource_dir names them.")
      .def_static("from_bytes", &from_bytes, py::arg("data"),
                  "The pipeline from to_bytes() (ModelError for damaged or foreign bytes).")
      .def("to_bytes", &to_bytes, "The whole pipeline as bytes: model, package meta and lists, options, user rules.")
      .def("with_options", &with_options, py::kw_only(), py::arg("rules") = py::none(), py::arg("errors") = py::none(),
           py::arg("sentences") = py::none(), py::arg("resource_dir") = py::none(),
           py::arg("patterns_json") = py::none(), py::arg("phrases") = py::none(), py::arg("phrase_files") = py::none(),
           py::arg("fold_case") = py::none(), py::arg("ner") = py::none(),
           (std::string("A pipeline with the same recognizer and package, and these options changed (None keeps\n"
                        "one; phrases and phrase_files replace the current ones).\n\n") +
            options_doc)
               .c_str())
      .def("process", &process_one, py::arg("text"), py::arg("date") = "", py::arg("meta") = py::none(),
           "Tokenize `text` (str or bytes), set `meta` ((key, value) pairs) and the date (ISO\n"
           "'yyyy-mm-dd', anchor of relative dates; '' = none), add the model's and the rules' entities.\n"
           "InputError (a ValueError) for a bad date.")
      .def("process_batch", &process_many, py::arg("texts"), py::arg("threads") = 0, py::arg("first_index") = 0,
           py::arg("dates") = py::none(),
           "process() for many texts on `threads` C++ threads (0 = all cores); Docs in input order.\n\n"
           "dates: None, one ISO date for every text, or a sequence of str/None parallel to `texts`.\n"
           "If any text fails, the error of the first failing text (by position) is raised; its\n"
           "message names it as 'text {first_index + position}'.")
      .def("extract_batch", &extract_many, py::arg("texts"), py::arg("sources"), py::arg("threads") = 0,
           py::arg("format") = "jsonl", py::arg("csv_raw") = false, py::arg("errors") = py::none(),
           py::arg("replaced") = py::none(),
           "The records of `byline extract` for a batch (byline::extract_batch), processed and formatted\n"
           "on `threads` C++ threads (0 = all cores), GIL released. sources: one (input, id, title, date,\n"
           "url, source) tuple per text (None for a missing field); date anchors relative dates.\n"
           "Returns one (record, article_row, error_or_None, tokens, entities) tuple per text: record is\n"
           "the byline.extract/1 JSON line (format 'jsonl', also for a failed text) or the CSV mention\n"
           "rows (format 'csv', with article_row the article table row); for a text of over 65,536\n"
           "entities a RecordParts that makes it a part at a time (format 'columns': its mention rows,\n"
           "which are then not in the batch's mentions). errors: None, or one str/None\n"
           "per text: an input that could not be read (not processed; it gets its error record).\n"
           "replaced: None, or one bool per text: True when the reader already put U+FFFD for invalid\n"
           "UTF-8 into it (its record says utf8_replaced, as for a text the pipeline repairs).\n"
           "A text that cannot be converted (not str/bytes; a lone surrogate unless errors='replace')\n"
           "is its input's error in the same way, without the 'text N' of a batch error.\n"
           "Format 'columns' returns (tuples, mentions, articles): the tables of the whole batch as\n"
           "columns for Parquet (dicts of Arrow buffers as NumPy arrays over the C++ storage, not\n"
           "copies; strings as offsets/data/validity).")
      .def("annotate", &annotate_copy, py::arg("doc"), py::arg("date") = "",
           "A copy of `doc` with the model's and the rules' entities merged in; `date` (if given) is\n"
           "set as meta 'date' first. `doc` is unchanged.")
      .def_property_readonly(
          "labels", [](const Handle& h) { return h.p->labels(); }, "Every label the pipeline can assign, sorted.")
      .def_property_readonly(
          "path", [](const Handle& h) { return h.p->path(); }, "Where it was loaded from ('' when made otherwise).")
      .def_property_readonly(
          "meta_json", [](const Handle& h) { return h.p->meta_json(); },
          "The package's meta.json ('' for a bare model file).")
      .def_property_readonly(
          "recognizer", [](const Handle& h) { return Recognizer{h.p->recognizer()}; },
          "The statistical stage (_core.EntityRecognizer).")
      .def_property_readonly("ruler", &ruler_of, "The rule stage (_core.EntityRuler), or None.")
      .def_property_readonly(
          "rules", [](const Handle& h) { return h.p->options().rules; }, "True when the built-in rule stage runs.")
      .def_property_readonly(
          "ner", [](const Handle& h) { return h.p->options().ner; }, "True when the statistical recognizer runs.")
      .def_property_readonly("errors", &errors_name, "The tokenizer's UTF-8 policy: 'strict' or 'replace'.")
      .def_property_readonly(
          "sentences", [](const Handle& h) { return h.p->options().tokenizer.split_sentences; },
          "True when sentences are split.")
      .def_property_readonly(
          "patterns_json", [](const Handle& h) { return h.p->options().ruler.patterns_json; },
          "The user token patterns (JSON text; '' for none).")
      .def_property_readonly(
          "phrases",
          [](const Handle& h) {
            std::vector<PhraseTuple> out;
            for (const auto& p : h.p->options().ruler.user_phrases) out.emplace_back(p.label, p.text, p.value);
            return out;
          },
          "The user phrases as (label, text, value_json) tuples.")
      .def_property_readonly(
          "fold_case", [](const Handle& h) { return h.p->options().ruler.user_lists_fold_case; },
          "True when user phrases match case-insensitively.")
      .def(py::pickle([](const Handle& self) { return py::make_tuple(to_bytes(self)); },
                      [](const py::tuple& state) {
                        if (state.size() != 1) throw std::invalid_argument("bad Pipeline pickle state");
                        return from_bytes(state[0].cast<py::bytes>());
                      }))
      .def("__repr__", [](const Handle& h) {
        return "<byline._core.Pipeline path='" + h.p->path() + "' labels=" + std::to_string(h.p->labels().size()) + ">";
      });

  auto to_source = [](const SourceTuple& t) {
    const auto& [input, id, title, date, url, source, date_source] = t;
    return ExtractSource{input, id, title, date, url, source, date_source};
  };
  m.def(
      "extract_error_record",
      [to_source](const SourceTuple& source, const std::string& error) {
        return extract_error_record(to_source(source), error);
      },
      py::arg("source"), py::arg("error"),
      "The byline.extract/1 JSON line of an input that failed; source as in Pipeline.extract_batch.");
  m.def(
      "article_csv_row",
      [to_source](const SourceTuple& source, const std::string& error, bool raw) {
        std::string out;
        append_article_csv(out, nullptr, to_source(source), error, raw);
        return out;
      },
      py::arg("source"), py::arg("error"), py::arg("raw") = false,
      "The article-table CSV row of an input that failed.");
  m.def(
      "mention_columns_of",
      [](const std::vector<const Doc*>& docs, const std::vector<std::optional<std::string>>& ids) {
        if (ids.size() != docs.size())
          throw std::invalid_argument("mention_columns_of: " + std::to_string(ids.size()) + " ids for " +
                                      std::to_string(docs.size()) + " docs");
        for (const Doc* d : docs)
          if (d == nullptr) throw std::invalid_argument("mention_columns_of: docs holds None");
        MentionColumns out;
        ArrowMentions arrow;
        {
          py::gil_scoped_release nogil;
          for (std::size_t i = 0; i < docs.size(); ++i) append_mention_columns(out, *docs[i], ids[i]);
          arrow = arrow_mentions(out);
        }
        return mention_columns(arrow);
      },
      py::arg("docs"), py::arg("ids"),
      "The mention table of `docs` (C++ Docs; one article id or None per Doc) as the columns\n"
      "`byline extract --format parquet` writes (extract_batch format 'columns').");
  m.def("mention_csv_header", &mention_csv_header, "The header line of the mention table CSV.");
  m.def("article_csv_header", &article_csv_header, "The header line of the article table CSV.");
  m.attr("EXTRACT_SCHEMA") = kExtractSchema;

  m.def("default_model_package", &default_model_package,
        "The default model package directory as the C++ library finds it ($BYLINE_MODEL, the install\n"
        "prefix, the source tree); ModelError listing the places tried when there is none.");
}

}  // namespace byline::python
