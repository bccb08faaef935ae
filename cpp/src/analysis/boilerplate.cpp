// Boilerplate regions: paragraph-level cues for page furniture in plain text.
//
// A paragraph is boilerplate when it is
//   share         a share widget ("Share Story:", "Share this article", "Tweet", "Email");
//   reading_list  a reading-list heading ("Recent Stories", "Related Articles", "Read more")
//                 -- the heading and every paragraph after it; or one link line inside the
//                 article ("Read more: ...", "Related: ...", "See also: ...");
//   promo         a short promotional paragraph ("here are some excellent resources",
//                 "subscribe to our newsletter", "sign up", "click here", "follow us on"),
//                 or an "Advertisement" / "Sponsored" marker;
//   source        a "Source: <url>" / "Originally published at" line;
//   credit        an image credit or licence line ("Image credit: ...", "Image is in the
//                 public domain and is licensed under ..."), or a copyright notice
//                 ("© 2025 ...", "Copyright ...", "... All rights reserved").
// Consecutive paragraphs of one kind form one region.
#include <algorithm>
#include <array>
#include <string>

#include "analysis/text.h"
#include "byline/analysis.h"

namespace byline {

namespace {
using internal::analysis::fold;

bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }
bool contains(std::string_view s, std::string_view p) { return s.find(p) != std::string_view::npos; }

// Returns the kind of paragraph [b, e) or "" (f = folded text, n = token count).
const char* classify(const Doc& doc, std::uint32_t b, std::uint32_t e, const std::string& f) {
  const std::uint32_t n = e - b;
  // share widgets: only share/social words
  if (n <= 6) {
    static const std::array<std::string_view, 17> kShareWords = {
        "share",    "story", "this",  "article", "post",   "on",   "facebook", "twitter", "linkedin",
        "whatsapp", "email", "print", "tweet",   "reddit", "copy", "link",     "x"};
    bool has_share = false, only = true;
    for (std::uint32_t i = b; i < e; ++i) {
      if (doc.kind(i) == TokenKind::kPunct) continue;
      std::string w = fold(doc.token_text(i));
      if (std::find(kShareWords.begin(), kShareWords.end(), w) == kShareWords.end()) {
        only = false;
        break;
      }
      if (w == "share" || w == "tweet") has_share = true;
    }
    if (only && has_share) return "share";
  }
  // reading-list headings
  if (n <= 6) {
    std::string h = f;
    while (!h.empty() && (h.back() == ':' || h.back() == ' ')) h.pop_back();
    static const std::array<std::string_view, 18> kHeadings = {
        "recent stories",  "related stories",     "related articles",
        "related",         "read more",           "more stories",
        "most popular",    "most read",           "you may also like",
        "recommended",     "recommended for you", "latest news",
        "trending",        "also read",           "further reading",
        "related content", "popular stories",     "more from this author"};
    if (std::find(kHeadings.begin(), kHeadings.end(), h) != kHeadings.end()) return "reading_list";
  }
  // single reading-list links inside the article ("Read more: ...", "Related: ...")
  if (n <= 30 && (starts_with(f, "read more:") || starts_with(f, "related:") || starts_with(f, "also read:") ||
                  starts_with(f, "see also:") || starts_with(f, "read also:") || starts_with(f, "recommended:")))
    return "reading_list_line";
  // advertisement markers and copyright notices
  if (n <= 3 && (f == "advertisement" || f == "advertisement:" || f == "sponsored" || f == "sponsored content"))
    return "promo";
  if (n <= 25 && (starts_with(f, "copyright") || starts_with(f, "\xC2\xA9") || starts_with(f, "(c) ") ||
                  contains(f, "all rights reserved")))
    return "credit";
  // source lines
  if ((starts_with(f, "source:") || starts_with(f, "sources:") || starts_with(f, "originally published")) && n <= 40) {
    for (std::uint32_t i = b; i < e; ++i)
      if (doc.kind(i) == TokenKind::kUrl) return "source";
    if (n <= 12) return "source";
  }
  // image credits and licences
  if (n <= 40 && (starts_with(f, "image credit") || starts_with(f, "photo credit") || starts_with(f, "image:") ||
                  starts_with(f, "photo:") || starts_with(f, "credit:") ||
                  ((starts_with(f, "image") || starts_with(f, "photo")) && contains(f, "licensed under"))))
    return "credit";
  // promotional paragraphs
  if (n <= 60) {
    static const std::array<std::string_view, 8> kPromo = {"here are some resources",
                                                           "subscribe to our",
                                                           "sign up for our",
                                                           "sign up to our",
                                                           "click here",
                                                           "follow us on",
                                                           "download our app",
                                                           "subscribe to the newsletter"};
    for (auto p : kPromo)
      if (contains(f, p)) return "promo";
  }
  return "";
}
}  // namespace

std::vector<BoilerplateRegion> Analyzer::find_boilerplate(const Doc& doc) const {
  std::vector<BoilerplateRegion> out;
  const auto& paras = doc.paragraphs();
  bool reading_list = false;
  for (std::uint32_t p = 0; p < paras.size(); ++p) {
    const TokenRange r = paras[p];
    if (r.begin >= r.end || r.end > doc.size()) continue;
    const char* kind = "reading_list";
    if (!reading_list) {
      std::string f = fold(internal::analysis::span_text(doc, r.begin, r.end));
      kind = classify(doc, r.begin, r.end, f);
      if (kind[0] == '\0') continue;
      if (std::string_view(kind) == "reading_list") reading_list = true;
      if (std::string_view(kind) == "reading_list_line") kind = "reading_list";
    }
    if (!out.empty() && out.back().para_end == p && out.back().kind == kind) {
      auto& g = out.back();
      g.para_end = p + 1;
      g.tok_end = r.end;
      g.byte_end = doc.token_end()[r.end - 1];
      g.char_end = doc.token_char_end()[r.end - 1];
      continue;
    }
    BoilerplateRegion g;
    g.para_begin = p;
    g.para_end = p + 1;
    g.tok_begin = r.begin;
    g.tok_end = r.end;
    g.byte_begin = doc.token_begin()[r.begin];
    g.byte_end = doc.token_end()[r.end - 1];
    g.char_begin = doc.token_char_begin()[r.begin];
    g.char_end = doc.token_char_end()[r.end - 1];
    g.kind = kind;
    out.push_back(std::move(g));
  }
  return out;
}

bool ArticleAnalysis::is_boilerplate_token(std::uint32_t i) const noexcept {
  for (const auto& g : boilerplate)
    if (i >= g.tok_begin && i < g.tok_end) return true;
  return false;
}

}  // namespace byline
