// What the fuzzer and the corpus replay test do with one input: load it as every file kind the
// program reads, and use what loads as the window and the CLI would.
#pragma once

#include <string>

#include "core/formats/resultfile.h"
#include "core/formats/resulttable.h"
#include "core/run/runjournal.h"

namespace threadmix::test {

inline void exerciseLoaders(const std::string& text) {
    for (auto parsed : {parseJson(text), parseCsv(text)}) {
        if (!parsed)
            continue;
        (void)toJson(*parsed);
        (void)toCsv(*parsed);
        (void)toMarkdown(*parsed);
        (void)ResultTable(parsed->results).text();
        for (const auto& r : parsed->results) {
            (void)r.gflops();
            (void)r.medianRepetition();
        }
    }
    if (auto journal = parseJournal(text, "input")) {
        for (const auto& r : journal->results())
            (void)r.seconds();
    }
}

} // namespace threadmix::test
