#include "sentencizer.h"

#include <string_view>

#include "internal/chars.h"
#include "internal/utf8.h"
#include "rules_en.h"

namespace byline::internal {
namespace {

char32_t first_cp(std::string_view t) {
  int len;
  return t.empty() ? 0 : decode(reinterpret_cast<const unsigned char*>(t.data()), 0, &len);
}

bool is_terminal(std::string_view t) {
  if (t.empty()) return false;
  for (std::size_t i = 0; i < t.size();) {
    unsigned char c = static_cast<unsigned char>(t[i]);
    if (c == '.' || c == '!' || c == '?') { ++i; continue; }
    if (t.compare(i, 3, "\xE2\x80\xA6") == 0) { i += 3; continue; }  // …
    if (t.compare(i, 3, "\xE2\x80\xBD") == 0) { i += 3; continue; }  // ‽
    return false;
  }
  return true;
}

bool is_closing(std::string_view t) {
  return t == "\"" || t == "'" || t == ")" || t == "]" || t == "}" || t == "\xE2\x80\x9D" /*”*/ ||
         t == "\xE2\x80\x99" /*’*/ || t == "\xC2\xBB" /*»*/ || t == "\xE2\x80\xBA" /*›*/;
}

bool is_continuation_punct(std::string_view t) {
  return t == "," || t == ";" || t == ":" || t == "(" || t == "[" || t == "-" || t == "\xE2\x80\x93" ||
         t == "\xE2\x80\x94" || t == "\xE2\x80\x9C" || t == "\xE2\x80\x98" || t == "&";
}

int newlines(std::string_view gap) {
  int n = 0;
  for (char c : gap) n += c == '\n';
  if (n == 0) {  // a lone CR, or U+2029 PARAGRAPH SEPARATOR
    for (char c : gap) n += c == '\r';
    if (gap.find("\xE2\x80\xA9") != std::string_view::npos) n += 2;
  }
  return n;
}

}  // namespace

void split_sentences(Doc& doc) {
  const std::size_t n = doc.size();
  if (n == 0) {
    doc.set_sentences({});
    doc.set_paragraphs({});
    return;
  }
  std::vector<TokenRange> sents, paras;
  std::uint32_t sent_start = 0, para_start = 0;
  auto end_sentence = [&](std::size_t last) {
    auto e = static_cast<std::uint32_t>(last + 1);
    if (e > sent_start) sents.push_back({sent_start, e});
    sent_start = e;
  };
  auto end_paragraph = [&](std::size_t last) {
    end_sentence(last);
    auto e = static_cast<std::uint32_t>(last + 1);
    if (e > para_start) paras.push_back({para_start, e});
    para_start = e;
  };

  for (std::size_t i = 0; i + 1 < n; ++i) {
    std::string_view tok = doc.token_text(i);
    std::string_view gap = doc.whitespace_after(i);
    std::string_view next = doc.token_text(i + 1);
    int nl = newlines(gap);
    if (nl >= 2) {
      end_paragraph(i);
      continue;
    }
    char32_t nx = first_cp(next);
    bool next_lower = is_lower(nx);

    if (is_terminal(tok)) {
      // Absorb closing quotes and brackets attached to the terminator.
      std::size_t j = i;
      while (j + 1 < n && doc.whitespace_after(j).empty() && is_closing(doc.token_text(j + 1))) ++j;
      if (j + 1 >= n) break;
      std::string_view gap_j = doc.whitespace_after(j);
      if (newlines(gap_j) >= 2) {
        end_paragraph(j);
        i = j;
        continue;
      }
      std::string_view after = doc.token_text(j + 1);
      if (!gap_j.empty() && !is_lower(first_cp(after)) && !is_continuation_punct(after)) {
        end_sentence(j);
        i = j;
        continue;
      }
      if (nl == 1 && j == i) end_sentence(i);
      i = j;
      continue;
    }

    if (tok.size() > 1 && tok.back() == '.') {
      std::uint8_t flags = abbreviation_flags(tok);
      if (flags && !(flags & kTitle) && !gap.empty() && (is_sentence_starter(next) || nl == 1)) {
        end_sentence(i);
        continue;
      }
      if (flags) continue;
    }

    if (nl == 1) {
      // A line break ends a sentence unless the line clearly continues
      // (a lower-case word or joining punctuation before it, lower case after it).
      char32_t last = first_cp(tok);
      bool continues = is_lower(last) || is_continuation_punct(tok) || next_lower;
      if (!continues) end_sentence(i);
    }
  }
  end_paragraph(n - 1);
  doc.set_sentences(std::move(sents));
  doc.set_paragraphs(std::move(paras));
}

}  // namespace byline::internal
