// CoNLL reading, conlleval-style chunking and scoring.
#include <algorithm>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>

#include "byline/errors.h"
#include "byline/ner.h"
#include "internal/files.h"
#include "internal/split.h"
#include "internal/utf8.h"
#include "ner/features.h"

namespace byline {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.back() == '\r' || s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  return s;
}

void close_sentence(ConllDoc& doc, std::uint32_t& sent_begin) {
  auto n = static_cast<std::uint32_t>(doc.words.size());
  if (n > sent_begin) doc.sentences.push_back({sent_begin, n});
  sent_begin = n;
}

// Splits "B-PER" into prefix 'B' and type "PER"; "O" gives prefix 'O'.
void split_tag(const std::string& tag, char& prefix, std::string_view& type) {
  if (tag.size() >= 2 && tag[1] == '-') {
    prefix = tag[0];
    type = std::string_view(tag).substr(2);
  } else {
    prefix = 'O';
    type = {};
  }
}

/// A tag of a scheme the scorer reads: "O", or a prefix of IOB1/IOB2 (BIO), IOBES or
/// BILOU, a hyphen and a type without control characters ("B-PER", "U-ORG", "I-BANANA";
/// alternatives "B-GPE|LOC").
bool is_scheme_tag(std::string_view tag) {
  if (tag == "O") return true;
  if (tag.size() < 3 || tag[1] != '-' || std::string_view("BIESLU").find(tag[0]) == std::string_view::npos)
    return false;
  for (const char c : tag)  // no control characters in a type
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) return false;
  return true;
}

double pct(std::size_t num, std::size_t den) { return den ? 100.0 * static_cast<double>(num) / den : 0.0; }

void finish(NerScores& s) {
  s.precision = pct(s.correct, s.predicted);
  s.recall = pct(s.correct, s.gold);
  s.f1 = (s.precision + s.recall) > 0 ? 2 * s.precision * s.recall / (s.precision + s.recall) : 0.0;
}

}  // namespace

std::vector<ConllDoc> parse_conll(std::string_view text, std::string_view name) {
  // "NAME:LINE: " (or "CoNLL line LINE: " without a name) before each problem.
  auto where = [&](std::size_t line_no) {
    return name.empty() ? "CoNLL line " + std::to_string(line_no) + ": "
                        : std::string(name) + ":" + std::to_string(line_no) + ": ";
  };
  if (const std::size_t bad = internal::find_invalid_utf8(text); bad != std::string_view::npos) {
    const std::size_t line_no = 1 + static_cast<std::size_t>(std::count(text.begin(), text.begin() + bad, '\n'));
    const std::size_t nl = bad == 0 ? std::string_view::npos : text.rfind('\n', bad - 1);
    const std::size_t column = nl == std::string_view::npos ? bad : bad - nl - 1;
    throw FormatError(where(line_no) + "not valid UTF-8 (byte " + std::to_string(bad) + " of the file, " +
                      std::to_string(column) + " of the line; is it a CoNLL text file?)");
  }
  std::vector<ConllDoc> docs(1);
  std::uint32_t sent_begin = 0;
  std::size_t line_no = 0;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    std::size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    std::string_view line = trim(text.substr(pos, nl - pos));
    pos = nl + 1;
    ++line_no;
    if (line.empty()) {
      close_sentence(docs.back(), sent_begin);
      if (nl == text.size()) break;
      continue;
    }
    if (line.substr(0, 10) == "-DOCSTART-") {
      close_sentence(docs.back(), sent_begin);
      if (!docs.back().words.empty()) docs.emplace_back();
      sent_begin = 0;
      // "-DOCSTART- open=FAC,LAW": types the document's source does not annotate.
      std::size_t src = line.find(" source=");
      if (src != std::string_view::npos) {
        std::string_view v = line.substr(src + 8);
        docs.back().source = std::string(v.substr(0, v.find_first_of(" \t")));
      }
      std::size_t at = line.find(" open=");
      if (at != std::string_view::npos) {
        std::string_view list = line.substr(at + 6);
        docs.back().open_types = internal::split_commas(list.substr(0, list.find_first_of(" \t")));
      }
      continue;
    }
    std::size_t first_sep = line.find_first_of(" \t");
    std::size_t last_sep = line.find_last_of(" \t");
    if (first_sep == std::string_view::npos)
      throw FormatError(where(line_no) + "expected 'word ... tag', got " + internal::printable_excerpt(line));
    const std::string_view tag = line.substr(last_sep + 1);
    if (!is_scheme_tag(tag))
      throw FormatError(where(line_no) + "tag " + internal::printable_excerpt(tag) +
                        " is not O or B-, I-, E-, S-, L- or U- and a type (IOB, BIO, IOBES, BILOU) in " +
                        internal::printable_excerpt(line));
    ConllDoc& d = docs.back();
    d.words.emplace_back(line.substr(0, first_sep));
    d.tags.emplace_back(tag);
    if (nl == text.size()) break;
  }
  close_sentence(docs.back(), sent_begin);
  if (docs.back().words.empty()) docs.pop_back();
  return docs;
}

std::vector<ConllDoc> read_conll(const std::string& path) {
  // Training and evaluation data: larger than any list, still a regular file of bounded size.
  return parse_conll(internal::read_input_file(path, std::uint64_t{4} << 30, "CoNLL file"), path);
}

Doc conll_to_doc(const ConllDoc& cd) {
  std::string text;
  std::size_t total = 0;
  for (const auto& w : cd.words) total += w.size() + 1;
  text.reserve(total);
  std::vector<std::uint32_t> sent_end_marks(cd.words.size(), 0);
  for (const auto& s : cd.sentences)
    if (s.end > 0 && s.end <= cd.words.size()) sent_end_marks[s.end - 1] = 1;
  struct Off {
    std::uint32_t b, e, cb, ce;
  };
  std::vector<Off> offs;
  offs.reserve(cd.words.size());
  std::uint32_t chars = 0;
  for (std::size_t i = 0; i < cd.words.size(); ++i) {
    const std::string& w = cd.words[i];
    Off o;
    o.b = static_cast<std::uint32_t>(text.size());
    o.cb = chars;
    text += w;
    for (unsigned char c : w) chars += (c & 0xC0) != 0x80;
    o.e = static_cast<std::uint32_t>(text.size());
    o.ce = chars;
    offs.push_back(o);
    if (i + 1 < cd.words.size()) {
      text += sent_end_marks[i] ? '\n' : ' ';
      ++chars;
    }
  }
  Doc doc(std::move(text));
  doc.reserve_tokens(offs.size());
  for (const auto& o : offs) doc.push_token(o.b, o.e, o.cb, o.ce, TokenKind::kWord, 0);
  doc.update_space_after();
  doc.set_sentences(cd.sentences);
  return doc;
}

std::vector<TagSpan> tags_to_spans(const std::vector<std::string>& tags) {
  std::vector<TagSpan> spans;
  char prev_prefix = 'O';
  std::string_view prev_type;
  bool open = false;
  for (std::size_t i = 0; i < tags.size(); ++i) {
    char p;
    std::string_view t;
    split_tag(tags[i], p, t);
    if (p == 'L') p = 'I';  // BILOU: L continues, U starts
    if (p == 'U' || p == 'S') p = 'B';
    if (p == 'E') p = 'I';
    bool starts = p == 'B' || (p == 'I' && (prev_prefix == 'O' || prev_type != t));
    bool ends_prev = open && (p == 'O' || p == 'B' || prev_type != t);
    if (ends_prev || starts) {
      if (open) spans.back().end = static_cast<std::uint32_t>(i);
      open = false;
    }
    if (starts) {
      spans.push_back({static_cast<std::uint32_t>(i), static_cast<std::uint32_t>(i + 1), std::string(t)});
      open = true;
    }
    if (p == 'O') open = false;
    prev_prefix = p;
    prev_type = t;
  }
  if (open) spans.back().end = static_cast<std::uint32_t>(tags.size());
  return spans;
}

NerEvaluation score_partial(const std::vector<std::vector<std::string>>& gold,
                            const std::vector<std::vector<std::string>>& predicted,
                            const std::vector<std::vector<std::string>>& open_types) {
  if (gold.size() != predicted.size() || gold.size() != open_types.size())
    throw std::invalid_argument("score_partial: different numbers of sequences");
  struct Row {
    std::size_t gold = 0, found = 0, predicted = 0, right = 0;
  };
  std::map<std::string, Row> rows;
  NerEvaluation ev;
  ev.overall.type = "overall";
  for (std::size_t k = 0; k < gold.size(); ++k) {
    if (gold[k].size() != predicted[k].size())
      throw std::invalid_argument("score_partial: sequence " + std::to_string(k) + " lengths differ");
    ev.tokens += gold[k].size();
    const auto g = tags_to_spans(gold[k]);
    const auto p = tags_to_spans(predicted[k]);
    std::vector<std::vector<std::string>> alts;
    std::vector<bool> optional, found(g.size(), false);
    for (const auto& s : g) {
      alts.push_back(ner::split_alternatives(s.type));
      optional.push_back(std::find(alts.back().begin(), alts.back().end(), "O") != alts.back().end());
    }
    for (const auto& ps : p) {
      std::size_t match = g.size();
      bool extent = false;
      for (std::size_t i = 0; i < g.size(); ++i) {
        if (g[i].begin != ps.begin || g[i].end != ps.end) continue;
        extent = true;
        if (std::find(alts[i].begin(), alts[i].end(), ps.type) != alts[i].end()) match = i;
      }
      const auto& open = open_types[k];
      // Unscored: a type the source does not annotate, off every gold extent. (On a gold
      // extent with a label it cannot have, a prediction is wrong, optional span or not.)
      if (match == g.size() && !extent && std::find(open.begin(), open.end(), ps.type) != open.end()) continue;
      rows[ps.type].predicted++;
      ev.overall.predicted++;
      if (match < g.size()) {
        rows[ps.type].right++;
        ev.overall.correct++;
        found[match] = true;
      }
    }
    for (std::size_t i = 0; i < g.size(); ++i) {
      if (optional[i]) {
        if (found[i]) ev.overall.gold++;  // a found optional span counts as gold it got right
        continue;
      }
      ev.overall.gold++;
      rows[g[i].type].gold++;
      rows[g[i].type].found += found[i];
    }
  }
  for (const auto& [type, r] : rows) {
    NerScores s;
    s.type = type;
    s.gold = r.gold;
    s.predicted = r.predicted;
    s.correct = r.found;
    s.precision = pct(r.right, r.predicted);
    s.recall = pct(r.found, r.gold);
    s.f1 = (s.precision + s.recall) > 0 && r.predicted && r.gold ? 2 * s.precision * s.recall / (s.precision + s.recall)
                                                                 : 0.0;
    ev.per_type.push_back(s);
  }
  finish(ev.overall);
  ev.documents = gold.size();
  return ev;
}

NerEvaluation score_tags(const std::vector<std::vector<std::string>>& gold,
                         const std::vector<std::vector<std::string>>& predicted) {
  if (gold.size() != predicted.size()) throw std::invalid_argument("score_tags: different numbers of sequences");
  std::map<std::string, NerScores> by_type;
  NerEvaluation ev;
  ev.overall.type = "overall";
  for (std::size_t k = 0; k < gold.size(); ++k) {
    if (gold[k].size() != predicted[k].size())
      throw std::invalid_argument("score_tags: sequence " + std::to_string(k) + " lengths differ");
    ev.tokens += gold[k].size();
    auto g = tags_to_spans(gold[k]);
    auto p = tags_to_spans(predicted[k]);
    for (const auto& s : g) by_type[s.type].gold++;
    for (const auto& s : p) by_type[s.type].predicted++;
    // Both lists are sorted by begin and non-overlapping.
    std::size_t i = 0, j = 0;
    while (i < g.size() && j < p.size()) {
      if (g[i].begin < p[j].begin) {
        ++i;
      } else if (p[j].begin < g[i].begin) {
        ++j;
      } else {
        if (g[i] == p[j]) by_type[g[i].type].correct++;
        ++i;
        ++j;
      }
    }
  }
  for (auto& [type, s] : by_type) {
    s.type = type;
    ev.overall.gold += s.gold;
    ev.overall.predicted += s.predicted;
    ev.overall.correct += s.correct;
    finish(s);
    ev.per_type.push_back(s);
  }
  finish(ev.overall);
  ev.documents = gold.size();
  return ev;
}

std::string NerEvaluation::to_json() const {
  auto round4 = [](double v) { return static_cast<double>(static_cast<long long>(v * 10000.0 + 0.5)) / 10000.0; };
  auto scores = [&](const NerScores& s) {
    return nlohmann::json{
        {"precision", round4(s.precision)}, {"recall", round4(s.recall)}, {"f1", round4(s.f1)}, {"gold", s.gold},
        {"predicted", s.predicted},         {"correct", s.correct}};
  };
  nlohmann::json j = scores(overall);
  nlohmann::json per = nlohmann::json::object();
  for (const auto& s : per_type) per[s.type] = scores(s);
  j["per_type"] = per;
  j["tokens"] = tokens;
  j["documents"] = documents;
  j["seconds"] = round4(seconds);
  j["tokens_per_second"] = static_cast<long long>(tokens_per_second);
  return j.dump();
}

namespace ner {
std::vector<std::string> split_alternatives(const std::string& type) {
  std::vector<std::string> out;
  std::size_t b = 0;
  while (true) {
    std::size_t e = type.find('|', b);
    out.push_back(type.substr(b, e == std::string::npos ? std::string::npos : e - b));
    if (e == std::string::npos) break;
    b = e + 1;
  }
  return out;
}
}  // namespace ner

}  // namespace byline
