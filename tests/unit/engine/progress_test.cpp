#include <gtest/gtest.h>

#include "ves/engine/progress.hpp"

TEST(Progress, RendersBarCountRateAndEta) {
  ves::Progress::set_interactive(false);
  ves::Progress p("train", 10, "it");
  p.advance(5, "loss 0.3");
  const auto line = p.render(10);
  EXPECT_EQ(line.rfind("train [#####.....] 5/10 it ", 0), 0u) << line;
  EXPECT_NE(line.find("it/s"), std::string::npos) << line;
  EXPECT_NE(line.find("ETA "), std::string::npos) << line;
  EXPECT_NE(line.find("loss 0.3"), std::string::npos) << line;
  p.advance(5);
  EXPECT_NE(p.render(10).find("[##########] 10/10"), std::string::npos);
  EXPECT_NE(p.render(10).find("ETA 0:00"), std::string::npos);
}
