# Reference fit of the MAIHDA-style multilevel model of src/stats/multilevel.ts with lme4
# (Debian r-cran-lme4): REML, random intercepts for accent, gender and accent × gender,
# speakers weighted by their reference words. Writes test/testers/reference/multilevel-lme4.json.
#   Rscript scripts/multilevel-reference.R
suppressMessages(library(lme4))
d <- read.csv("test/testers/reference/multilevel-data.csv")
d$cell <- interaction(d$accent, d$gender, sep = " × ")
m <- lmer(y ~ 1 + (1 | accent) + (1 | gender) + (1 | cell), data = d, weights = w, REML = TRUE,
          control = lmerControl(optimizer = "bobyqa", optCtrl = list(rhobeg = 0.2, rhoend = 1e-9)))
vc <- as.data.frame(VarCorr(m))
sdOf <- function(g) vc$sdcor[vc$grp == g]
cells <- unique(d[, c("accent", "gender", "cell")])
cells <- cells[order(cells$accent, cells$gender), ]
# Conditional modes of β + a_accent + b_gender + c_cell and their conditional SDs (condVar).
re <- ranef(m, condVar = TRUE)
pred <- predict(m, newdata = cells, re.form = NULL)
out <- list(
  lme4 = as.character(packageVersion("lme4")),
  intercept = unname(fixef(m)[1]),
  sigma = sigma(m),
  sd = list(accent = sdOf("accent"), gender = sdOf("gender"), cell = sdOf("cell")),
  reml = unname(REMLcrit(m)),
  cells = lapply(seq_len(nrow(cells)), function(i) list(
    accent = as.character(cells$accent[i]), gender = as.character(cells$gender[i]), estimate = unname(pred[i])))
)
json <- function(x) {
  if (is.list(x) && !is.null(names(x))) return(paste0("{", paste0('"', names(x), '": ', sapply(x, json), collapse = ", "), "}"))
  if (is.list(x)) return(paste0("[", paste0(sapply(x, json), collapse = ", "), "]"))
  if (is.character(x)) return(paste0('"', x, '"'))
  formatC(x, digits = 12, format = "g")
}
writeLines(json(out), "test/testers/reference/multilevel-lme4.json")
cat(json(out), "\n")
