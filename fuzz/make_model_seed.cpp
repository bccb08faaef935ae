// Writes the seed corpus of fuzz_model_load: a tiny NER model trained on a few
// invented sentences (all optional feature groups off, small weights pruned), once
// with control byte 0 (loaded as is) and once with control byte 1 (re-signed).
//
//   build/fuzz/fuzz/make_model_seed fuzz/corpus/model_load
#include <fstream>
#include <iostream>
#include <string>

#include "byline/ner.h"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: make_model_seed OUT_DIR\n";
    return 2;
  }
  const std::string conll =
      "-DOCSTART- O\n\n"
      "Anna B-PER\nBerg I-PER\nflew O\nto O\nParis B-LOC\n. O\n\n"
      "Acme B-ORG\nrose O\nin O\nLima B-LOC\n. O\n\n"
      "-DOCSTART- O\n\n"
      "Omar B-PER\nKim I-PER\njoined O\nHooli B-ORG\nin O\nOslo B-LOC\n. O\n";
  byline::NerTrainOptions o;
  o.epochs = 3;
  o.disable = {"clusters", "gazetteer", "doc",  "context2",    "affixes",
               "bigrams",  "memory",    "runs", "casevariant", "memoryvotes"};
  o.prune_threshold = 0.5f;
  auto model = byline::train_recognizer(byline::parse_conll(conll), {}, o);
  const std::string bytes = model->serialize();
  for (char flag : {'\0', '\1'}) {
    std::string path = std::string(argv[1]) + (flag ? "/tiny_resigned.bin" : "/tiny.bin");
    std::ofstream f(path, std::ios::binary);
    f.put(flag);
    f.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!f) {
      std::cerr << "cannot write " << path << "\n";
      return 1;
    }
    std::cout << path << ": " << bytes.size() + 1 << " bytes\n";
  }
  return 0;
}
