#include "byline/doc.h"

#include <algorithm>
#include <limits>
#include <stdexcept>

#include "byline/errors.h"

namespace byline {
namespace {

constexpr const char* kKindNames[kNumTokenKinds] = {"word",  "number", "punct",   "symbol", "url",
                                                    "email", "handle", "hashtag", "emoji",  "other"};
constexpr const char* kSourceNames[4] = {"model", "pattern", "gazetteer", "user"};

inline bool is_continuation(unsigned char c) { return (c & 0xC0) == 0x80; }

}  // namespace

const char* token_kind_name(TokenKind kind) noexcept {
  auto i = static_cast<int>(kind);
  return (i >= 0 && i < kNumTokenKinds) ? kKindNames[i] : "other";
}

TokenKind token_kind_from_name(std::string_view name) {
  for (int i = 0; i < kNumTokenKinds; ++i)
    if (name == kKindNames[i]) return static_cast<TokenKind>(i);
  throw FormatError("unknown token kind '" + std::string(name) + "'");
}

const char* entity_source_name(EntitySource source) noexcept {
  auto i = static_cast<int>(source);
  return (i >= 0 && i < 4) ? kSourceNames[i] : "model";
}

EntitySource entity_source_from_name(std::string_view name) {
  for (int i = 0; i < 4; ++i)
    if (name == kSourceNames[i]) return static_cast<EntitySource>(i);
  throw FormatError("unknown entity source '" + std::string(name) + "' (expected model, pattern, gazetteer or user)");
}

Doc::Doc(std::string text) : text_(std::move(text)) {
  std::uint32_t n = 0;
  for (unsigned char c : text_) n += !is_continuation(c);
  char_length_ = n;
}

std::uint32_t Doc::char_offset(std::uint32_t byte_offset) const {
  if (byte_offset > text_.size()) throw std::out_of_range("byte offset past the end of the text");
  if (byte_offset < text_.size() && is_continuation(static_cast<unsigned char>(text_[byte_offset])))
    throw std::out_of_range("byte offset inside a UTF-8 sequence");
  // Start from the nearest token boundary at or before byte_offset.
  std::uint32_t base_byte = 0, base_char = 0;
  auto it = std::upper_bound(tok_begin_.begin(), tok_begin_.end(), byte_offset);
  if (it != tok_begin_.begin()) {
    std::size_t i = static_cast<std::size_t>(it - tok_begin_.begin()) - 1;
    base_byte = tok_begin_[i];
    base_char = tok_cbegin_[i];
  }
  std::uint32_t n = base_char;
  for (std::uint32_t b = base_byte; b < byte_offset; ++b) n += !is_continuation(static_cast<unsigned char>(text_[b]));
  return n;
}

std::uint32_t Doc::byte_offset(std::uint32_t char_offset) const {
  if (char_offset > char_length_) throw std::out_of_range("character offset past the end of the text");
  std::uint32_t base_byte = 0, base_char = 0;
  auto it = std::upper_bound(tok_cbegin_.begin(), tok_cbegin_.end(), char_offset);
  if (it != tok_cbegin_.begin()) {
    std::size_t i = static_cast<std::size_t>(it - tok_cbegin_.begin()) - 1;
    base_byte = tok_begin_[i];
    base_char = tok_cbegin_[i];
  }
  std::uint32_t b = base_byte, n = base_char;
  while (b < text_.size()) {
    if (!is_continuation(static_cast<unsigned char>(text_[b]))) {
      if (n == char_offset) return b;
      ++n;
    }
    ++b;
  }
  return static_cast<std::uint32_t>(text_.size());
}

std::string_view Doc::token_text(std::size_t i) const {
  if (i >= tok_begin_.size()) throw std::out_of_range("token index out of range");
  return std::string_view(text_).substr(tok_begin_[i], tok_end_[i] - tok_begin_[i]);
}

std::string_view Doc::whitespace_after(std::size_t i) const {
  if (i >= tok_begin_.size()) throw std::out_of_range("token index out of range");
  std::size_t end = (i + 1 < tok_begin_.size()) ? tok_begin_[i + 1] : text_.size();
  return std::string_view(text_).substr(tok_end_[i], end - tok_end_[i]);
}

Entity Doc::entity(std::size_t i) const {
  if (i >= ent_begin_.size()) throw std::out_of_range("entity index out of range");
  Entity e;
  e.tok_begin = ent_begin_[i];
  e.tok_end = ent_end_[i];
  e.label = labels_[ent_label_[i]];
  e.score = ent_score_[i];
  e.source = static_cast<EntitySource>(ent_source_[i]);
  e.value = value_text(i);
  return e;
}

std::vector<Entity> Doc::entities() const {
  std::vector<Entity> out;
  out.reserve(ent_begin_.size());
  for (std::size_t i = 0; i < ent_begin_.size(); ++i) out.push_back(entity(i));
  return out;
}

std::uint16_t Doc::intern_label(const std::string& label) {
  for (std::size_t i = 0; i < labels_.size(); ++i)
    if (labels_[i] == label) return static_cast<std::uint16_t>(i);
  if (labels_.size() >= std::numeric_limits<std::uint16_t>::max())
    throw InputError("too many distinct entity labels in one document");
  labels_.push_back(label);
  return static_cast<std::uint16_t>(labels_.size() - 1);
}

namespace {
/// Distinct entity values a Doc looks up to store once (Doc::intern_value).
constexpr std::size_t kMaxValueIds = 4096;
const std::string kNoValue;
}  // namespace

namespace {
std::size_t value_hash(std::string_view s) {
  std::uint64_t h = 1469598103934665603ull;  // FNV-1a
  for (unsigned char c : s) h = (h ^ c) * 1099511628211ull;
  return static_cast<std::size_t>(h ^ (h >> 29));
}
}  // namespace

std::uint32_t Doc::find_value(std::string_view value) const {
  if (value_slots_.empty()) return 0;
  const std::size_t mask = value_slots_.size() - 1;
  for (std::size_t p = value_hash(value) & mask;; p = (p + 1) & mask) {
    const std::uint32_t id = value_slots_[p];
    if (id == 0 || values_[id - 1] == value) return id;
  }
}

std::uint32_t Doc::intern_value(std::string&& value) {
  if (value.empty()) return 0;
  if (const std::uint32_t id = find_value(value); id != 0) return id;
  if (values_.size() >= std::numeric_limits<std::uint32_t>::max())
    throw InputError("too many entity values in one document");
  values_.push_back(std::move(value));
  const auto id = static_cast<std::uint32_t>(values_.size());
  if (indexed_values_ < kMaxValueIds) {
    if ((indexed_values_ + 1) * 2 > value_slots_.size()) {  // at most half full: grow and re-place
      std::vector<std::uint32_t> old(value_slots_.empty() ? 32 : value_slots_.size() * 2, 0);
      old.swap(value_slots_);
      const std::size_t mask = value_slots_.size() - 1;
      for (std::uint32_t v : old) {
        if (v == 0) continue;
        std::size_t p = value_hash(values_[v - 1]) & mask;
        while (value_slots_[p] != 0) p = (p + 1) & mask;
        value_slots_[p] = v;
      }
    }
    const std::size_t mask = value_slots_.size() - 1;
    std::size_t p = value_hash(values_.back()) & mask;
    while (value_slots_[p] != 0) p = (p + 1) & mask;
    value_slots_[p] = id;
    ++indexed_values_;
  }
  return id;
}

const std::string& Doc::value_text(std::size_t i) const {
  const std::uint32_t id = ent_value_[i];
  return id == 0 ? kNoValue : values_[id - 1];
}

void Doc::check_entity(const Entity& e) const {
  if (e.tok_begin >= e.tok_end || e.tok_end > tok_begin_.size())
    throw std::out_of_range("entity token range [" + std::to_string(e.tok_begin) + ", " + std::to_string(e.tok_end) +
                            ") is empty or outside the document's " + std::to_string(tok_begin_.size()) + " tokens");
  if (e.label.empty()) throw std::invalid_argument("entity label must not be empty");
}

void Doc::add_entity(const Entity& e) {
  check_entity(e);
  const std::uint32_t known = e.value.empty() ? 0 : find_value(e.value);
  const std::uint32_t value = known != 0 || e.value.empty() ? known : intern_value(std::string(e.value));
  ent_begin_.push_back(e.tok_begin);
  ent_end_.push_back(e.tok_end);
  ent_label_.push_back(intern_label(e.label));
  ent_score_.push_back(e.score);
  ent_source_.push_back(static_cast<std::uint8_t>(e.source));
  ent_value_.push_back(value);
}

void Doc::add_entity(Entity&& e) {
  check_entity(e);
  const std::uint16_t label = intern_label(e.label);
  // Interned before any column grows: a throw leaves the columns the same length.
  const std::uint32_t value = intern_value(std::move(e.value));
  ent_begin_.push_back(e.tok_begin);
  ent_end_.push_back(e.tok_end);
  ent_label_.push_back(label);
  ent_score_.push_back(e.score);
  ent_source_.push_back(static_cast<std::uint8_t>(e.source));
  ent_value_.push_back(value);
}

void Doc::clear_entities() noexcept {
  ent_begin_.clear();
  ent_end_.clear();
  ent_label_.clear();
  ent_score_.clear();
  ent_source_.clear();
  ent_value_.clear();
  labels_.clear();
  values_.clear();
  value_slots_.clear();
  indexed_values_ = 0;
}

void Doc::reserve_tokens(std::size_t n) {
  tok_begin_.reserve(n);
  tok_end_.reserve(n);
  tok_cbegin_.reserve(n);
  tok_cend_.reserve(n);
  tok_kind_.reserve(n);
  tok_flags_.reserve(n);
}

void Doc::update_space_after() noexcept {
  for (std::size_t i = 0; i < tok_begin_.size(); ++i) {
    std::size_t next = i + 1 < tok_begin_.size() ? tok_begin_[i + 1] : text_.size();
    if (next > tok_end_[i])
      tok_flags_[i] |= kSpaceAfter;
    else
      tok_flags_[i] &= static_cast<std::uint8_t>(~kSpaceAfter);
  }
}

namespace {
void check_ranges(const std::vector<TokenRange>& ranges, std::size_t n, const char* what) {
  std::uint32_t prev = 0;
  for (const auto& r : ranges) {
    if (r.begin >= r.end || r.end > n || r.begin < prev)
      throw std::out_of_range(std::string(what) + " ranges must be non-empty, ordered, non-overlapping token ranges");
    prev = r.end;
  }
}
}  // namespace

void Doc::set_sentences(std::vector<TokenRange> sentences) {
  check_ranges(sentences, tok_begin_.size(), "sentence");
  for (auto& f : tok_flags_) f &= static_cast<std::uint8_t>(~kSentStart);
  for (const auto& r : sentences) tok_flags_[r.begin] |= kSentStart;
  sents_ = std::move(sentences);
}

void Doc::set_paragraphs(std::vector<TokenRange> paragraphs) {
  check_ranges(paragraphs, tok_begin_.size(), "paragraph");
  for (auto& f : tok_flags_) f &= static_cast<std::uint8_t>(~kParaStart);
  for (const auto& r : paragraphs) tok_flags_[r.begin] |= kParaStart;
  paras_ = std::move(paragraphs);
}

void Doc::clear_annotations() noexcept {
  tok_begin_.clear();
  tok_end_.clear();
  tok_cbegin_.clear();
  tok_cend_.clear();
  tok_kind_.clear();
  tok_flags_.clear();
  sents_.clear();
  paras_.clear();
  clear_entities();
}

}  // namespace byline
