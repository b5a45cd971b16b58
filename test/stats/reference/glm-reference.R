# Reference numbers for test/stats/glm-reference.test.ts, computed once with R's glm and the
# clubSandwich and sandwich packages (Debian: r-cran-clubsandwich, r-cran-sandwich) on the
# fixed data set glm-fixture.csv. Rerun with:
#   Rscript test/stats/reference/glm-reference.R > test/stats/reference/glm-reference.json
suppressPackageStartupMessages({
  library(clubSandwich)
  library(sandwich)
})
here <- function(f) {
  args <- commandArgs(trailingOnly = FALSE)
  script <- sub("^--file=", "", args[grep("^--file=", args)])
  file.path(dirname(script), f)
}
d <- read.csv(here("glm-fixture.csv"))
# Converged tightly: glm() keeps the working weights of its last iteration, which CR2/CR3 use.
fit <- glm(errors ~ group * condition + offset(log(words)), family = poisson(), data = d,
           control = glm.control(epsilon = 1e-14, maxit = 100))
cr3 <- vcovCR(fit, cluster = d$speaker, type = "CR3")
cr2 <- vcovCR(fit, cluster = d$speaker, type = "CR2")
cr1 <- vcovCL(fit, cluster = ~speaker, type = "HC0", cadjust = TRUE)
bm <- coef_test(fit, vcov = cr2, test = "Satterthwaite")
num <- function(x) unname(as.numeric(x))
out <- list(
  r = paste(R.version$major, R.version$minor, sep = "."),
  clubSandwich = as.character(packageVersion("clubSandwich")),
  sandwich = as.character(packageVersion("sandwich")),
  coefficients = num(coef(fit)),
  seCR3 = num(sqrt(diag(as.matrix(cr3)))),
  seCR2 = num(sqrt(diag(as.matrix(cr2)))),
  seCR1 = num(sqrt(diag(cr1))),
  dfBellMcCaffrey = num(bm$df_Satt)
)
fmt <- function(v) paste0("[", paste(sprintf("%.12g", v), collapse = ", "), "]")
cat("{\n")
cat(sprintf('  "r": "%s",\n  "clubSandwich": "%s",\n  "sandwich": "%s",\n', out$r, out$clubSandwich, out$sandwich))
cat('  "terms": ["(Intercept)", "group", "condition", "group:condition"],\n')
for (k in c("coefficients", "seCR3", "seCR2", "seCR1")) cat(sprintf('  "%s": %s,\n', k, fmt(out[[k]])))
cat(sprintf('  "dfBellMcCaffrey": %s\n}\n', fmt(out$dfBellMcCaffrey)))
