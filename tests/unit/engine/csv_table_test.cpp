#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>

#include "ves/core/error.hpp"

#include "ves/engine/csv_table.hpp"

TEST(CsvTable, WritesColumnsInFirstSeenOrderAndLeavesMissingCellsEmpty) {
  ves::CsvTable t;
  t.add_row();
  t.set("case", "a");
  t.set("dice", 0.5);
  t.add_row();
  t.set("case", "b");
  t.set("hd95", 3.0);
  EXPECT_EQ(t.text(), "case,dice,hd95\na,0.5,\nb,,3\n");
}

TEST(CsvTable, QuotesCellsWithCommasQuotesAndNewlines) {
  ves::CsvTable t;
  t.set("note", "a,b \"c\"\nd");
  EXPECT_EQ(t.text(), "note\n\"a,b \"\"c\"\"\nd\"\n");
}

TEST(FormatNumber, GivesTheShortestTextThatReadsBackExactly) {
  EXPECT_EQ(ves::format_number(0.1), "0.1");
  EXPECT_EQ(ves::format_number(3.0), "3");
  EXPECT_EQ(ves::format_number(1.0 / 3.0), "0.3333333333333333");
  EXPECT_EQ(std::stod(ves::format_number(1.0 / 3.0)), 1.0 / 3.0);
  EXPECT_EQ(ves::format_number(std::nan("")), "nan");
  EXPECT_EQ(ves::format_number(-INFINITY), "-inf");
}

TEST(CsvRead, ReadsQuotedCellsAndNamesTheLineOfARaggedRow) {
  const auto path = std::filesystem::temp_directory_path() / "ves_csv_read_test.csv";
  {
    std::ofstream out(path);
    out << "\xEF\xBB\xBF"
           "case,path,note\r\np1,\"a,b.nii.gz\",\"say \"\"hi\"\"\"\np2,c.nii.gz,\n";
  }
  const ves::CsvTable table = ves::read_csv(path);
  ASSERT_EQ(table.rows(), 2u);
  EXPECT_EQ(table.columns(), (std::vector<std::string>{"case", "path", "note"}));
  EXPECT_EQ(table.get(0, "path"), "a,b.nii.gz");
  EXPECT_EQ(table.get(0, "note"), "say \"hi\"");
  EXPECT_EQ(table.get(1, "note"), "");
  { std::ofstream(path) << "case,path\np1\n"; }
  try {
    ves::read_csv(path);
    FAIL() << "expected a DataError";
  } catch (const ves::DataError& e) {
    EXPECT_EQ(std::string(e.what()), path.string() + ":2: 1 cells where the header has 2");
  }
  std::filesystem::remove(path);
}
