# Independent reference values for Lantern's statistical engine, computed with base R (stats) from the formulas in
# the defining references and the documented behaviour of PHEindicatormethods, FunnelPlotR and NHSRplotthedots.
# Run: Rscript test/reference/stats-reference.R > test/reference/stats-reference.json
# Written separately from src/stats: nothing here is copied from Lantern's own output.
num <- function(x) ifelse(is.na(x) | !is.finite(x), "null", sprintf("%.17g", x))
arr <- function(x) paste0("[", paste(num(x), collapse = ","), "]")
obj <- function(...) { a <- list(...); paste0("{", paste(sprintf('"%s":%s', names(a), unlist(a)), collapse = ","), "}") }
out <- list()
z <- function(conf) qnorm(1 - (1 - conf) / 2)

# Wilson (Newcombe 1998 method 3)
wil <- function(x, n, conf) { zz <- z(conf); c((2*x + zz^2 - zz*sqrt(zz^2 + 4*x*(1 - x/n))) / (2*(n + zz^2)),
                                              (2*x + zz^2 + zz*sqrt(zz^2 + 4*x*(1 - x/n))) / (2*(n + zz^2))) }
cases <- list(c(0,10), c(8,10), c(10,10), c(81,263), c(1,1e6), c(500000,1e6), c(3,7))
w <- c()
for (cs in cases) for (conf in c(0.95, 0.998)) { r <- wil(cs[1], cs[2], conf)
  w <- c(w, obj(x = num(cs[1]), n = num(cs[2]), level = num(conf), lower = num(r[1]), upper = num(r[2]))) }
out$wilson <- paste0("[", paste(w, collapse = ","), "]")

# Poisson: exact below 10 (Garwood via chi-square), Byar's from 10
pois <- function(x, conf) {
  a <- (1 - conf) / 2
  if (x < 10) c(if (x == 0) 0 else qchisq(a, 2*x)/2, qchisq(1 - a, 2*x + 2)/2)
  else { zz <- z(conf); c(x*(1 - 1/(9*x) - zz/(3*sqrt(x)))^3, (x+1)*(1 - 1/(9*(x+1)) + zz/(3*sqrt(x+1)))^3) }
}
p <- c()
for (x in c(0, 1, 5, 9, 10, 11, 100, 12345, 1e6)) for (conf in c(0.95, 0.998)) { r <- pois(x, conf)
  p <- c(p, obj(x = num(x), level = num(conf), lower = num(r[1]), upper = num(r[2]))) }
out$poisson <- paste0("[", paste(p, collapse = ","), "]")

# ISR: O/E with E = sum(pop * ref rate)
obs <- c(2, 5, 14, 30); popn <- c(1200, 900, 650, 300); refo <- c(150, 420, 1800, 5200); refp <- c(300000, 210000, 150000, 80000)
E <- sum(popn * refo / refp); O <- sum(obs)
isr <- c()
for (conf in c(0.95, 0.998)) { r <- pois(O, conf) / E; isr <- c(isr, obj(level = num(conf), lower = num(r[1]), upper = num(r[2]))) }
out$isr <- obj(observed = arr(obs), population = arr(popn), reference_observed = arr(refo), reference_population = arr(refp),
               expected = num(E), value = num(O/E), limits = paste0("[", paste(isr, collapse = ","), "]"))

# DSR with Dobson limits (Byar's on total O)
dobs <- c(4, 11, 23, 40, 57); dpop <- c(5000, 4200, 3900, 2500, 1200); std <- c(24000, 27500, 26500, 14500, 7500)
dsr <- sum(std * dobs / dpop) / sum(std); vr <- sum(dobs * (std / dpop)^2) / sum(std)^2; O <- sum(dobs)
byl <- function(x, conf) { zz <- z(conf); x*(1 - 1/(9*x) - zz/(3*sqrt(x)))^3 }
byu <- function(x, conf) { zz <- z(conf); (x+1)*(1 - 1/(9*(x+1)) + zz/(3*sqrt(x+1)))^3 }
dl <- c()
for (conf in c(0.95, 0.998)) dl <- c(dl, obj(level = num(conf), lower = num(1e5*(dsr + sqrt(vr/O)*(byl(O, conf) - O))),
                                              upper = num(1e5*(dsr + sqrt(vr/O)*(byu(O, conf) - O)))))
out$dsr <- obj(observed = arr(dobs), population = arr(dpop), standard = arr(std), value = num(1e5*dsr),
               limits = paste0("[", paste(dl, collapse = ","), "]"))

# t interval
tv <- c(3.1, 4.7, 2.2, 5.9, 4.4, 3.8, 6.1)
tt <- t.test(tv, conf.level = 0.95)$conf.int; t9 <- t.test(tv, conf.level = 0.998)$conf.int
out$mean <- obj(values = arr(tv), lower_95 = num(tt[1]), upper_95 = num(tt[2]), lower_99_8 = num(t9[1]), upper_99_8 = num(t9[2]))

# Funnel, proportions (FunnelPlotR PR): arcsine z, winsorised 10% (type 7), phi, DerSimonian-Laird tau2
set.seed(42)
k <- 60; n <- round(exp(runif(k, log(40), log(4000)))); th <- plogis(rnorm(k, qlogis(0.3), 0.35)); x <- rbinom(k, n, th)
x[1] <- 0; x[2] <- n[2]; n[3] <- 5; x[3] <- 2
pbar <- sum(x)/sum(n); Y <- asin(sqrt(x/n)); s <- 1/(2*sqrt(n)); zu <- (Y - asin(sqrt(pbar)))/s
lz <- quantile(zu, 0.1); uz <- quantile(zu, 0.9); wz <- pmin(pmax(zu, lz), uz)
phi <- sum(wz^2)/k; wt <- 1/s^2
tau2 <- if (k*phi < k - 1) 0 else max(0, (k*phi - (k - 1)) / (sum(wt) - sum(wt^2)/sum(wt)))
zadj <- (Y - asin(sqrt(pbar)))/sqrt(s^2 + tau2)
lim <- function(conf) { zz <- z(conf); sd <- sqrt(s^2 + tau2)
  list(lo = sin(pmax(0, asin(sqrt(pbar)) - zz*sd))^2, hi = sin(pmin(pi/2, asin(sqrt(pbar)) + zz*sd))^2) }
l95 <- lim(0.95); l998 <- lim(0.998)
# multiplicative: z / sqrt(phi), limits inflated by sqrt(phi) on the same scale
mlim <- function(conf) { zz <- z(conf); sd <- sqrt(phi)*s
  list(lo = sin(pmax(0, asin(sqrt(pbar)) - zz*sd))^2, hi = sin(pmin(pi/2, asin(sqrt(pbar)) + zz*sd))^2) }
m998 <- mlim(0.998)
# exact binomial limits with Spiegelhalter's interpolation
ex <- function(q, nn, t) { r <- qbinom(q, nn, t); fr <- pbinom(r, nn, t); fm <- pbinom(r - 1, nn, t); min(1, max(0, (r - (fr - q)/(fr - fm))/nn)) }  # a limit cannot leave [0, 1]
e998lo <- mapply(function(nn) ex(0.001, nn, pbar), n); e998hi <- mapply(function(nn) ex(0.999, nn, pbar), n)
out$funnel_proportion <- obj(numerator = arr(x), denominator = arr(n), target = num(pbar), z = arr(zu), phi = num(phi), tau2 = num(tau2),
  z_adjusted = arr(zadj), p = arr(2*pnorm(-abs(zadj))), lower_95 = arr(l95$lo), upper_95 = arr(l95$hi), lower_99_8 = arr(l998$lo), upper_99_8 = arr(l998$hi),
  mult_z_adjusted = arr(zu/sqrt(phi)), mult_lower_99_8 = arr(m998$lo), mult_upper_99_8 = arr(m998$hi), mult_threshold = num(1 + 2*sqrt(2/k)),
  exact_lower_99_8 = arr(e998lo), exact_upper_99_8 = arr(e998hi))

# Funnel, ratios (FunnelPlotR SR, SHMI method; E not rounded): log z, truncation by rank deciles
set.seed(7)
k <- 80; E <- exp(runif(k, log(2), log(900))); O <- rpois(k, E * exp(rnorm(k, 0, 0.15))); O[1] <- 0
zr <- sqrt(E) * log(O/E)
rk <- rank(zr, ties.method = "average"); sp <- floor(rk * 10 / (k + 1)); keep <- sp > 0 & sp < 9
kk <- sum(keep); phir <- sum(zr[keep]^2)/kk; wr <- E[keep]
tau2r <- if (kk*phir < kk - 1) 0 else max(0, (kk*phir - (kk - 1)) / (sum(wr) - sum(wr^2)/sum(wr)))
if (phir <= 1) tau2r <- 0
zra <- log(O/E)/sqrt(1/E + tau2r)
out$funnel_ratio <- obj(observed = arr(O), expected = arr(E), z = arr(zr), phi = num(phir), tau2 = num(tau2r), k = num(kk),
  z_adjusted = arr(zra), lower_99_8 = arr(exp(-z(0.998)*sqrt(1/E + tau2r))), upper_99_8 = arr(exp(z(0.998)*sqrt(1/E + tau2r))),
  exact_lower_95 = arr(qchisq(0.975, 2*E, lower.tail = FALSE)/2/E), exact_upper_95 = arr(qchisq(0.025, 2*(E + 1), lower.tail = FALSE)/2/E))

# XmR (NHSRplotthedots): screened moving ranges, 2.66
y <- c(12, 15, 11, 14, 13, 40, 12, 16, 14, 13, 15, 12, 14, 13, 17, 16, 18, 19, 20, 21, 22, 23, 11, 12)
mr <- c(NA, abs(diff(y))); amr <- mean(mr, na.rm = TRUE); mr2 <- ifelse(mr < 3.267*amr, mr, NA); amr2 <- mean(mr2, na.rm = TRUE)
out$xmr <- obj(values = arr(y), mean = num(mean(y)), amr_screened = num(amr2), upper = num(mean(y) + 2.66*amr2), lower = num(mean(y) - 2.66*amr2),
  upper_unscreened = num(mean(y) + 2.66*amr))

# p chart and Laney p'
pn <- c(500, 520, 480, 510, 530, 490, 505, 515, 495, 500, 4000, 5000)
px <- c(50, 61, 45, 49, 60, 48, 52, 55, 47, 51, 430, 520)
pb <- sum(px)/sum(pn); sig <- sqrt(pb*(1 - pb)/pn); zp <- (px/pn - pb)/sig; sz <- mean(abs(diff(zp)))/1.128
out$pchart <- obj(numerator = arr(px), denominator = arr(pn), centre = num(pb), upper = arr(pmin(1, pb + 3*sig)), lower = arr(pmax(0, pb - 3*sig)),
  sigma_z = num(sz), upper_prime = arr(pmin(1, pb + 3*sig*sz)), lower_prime = arr(pmax(0, pb - 3*sig*sz)))

# p.adjust
pv <- c(0.001, 0.008, 0.039, 0.041, 0.042, 0.06, 0.074, 0.205, 0.212, 0.216, 0.222, 0.251, 0.269, 0.275, 0.34, 0.341, 0.384, 0.569, 0.594, 0.696, 0.762, 0.94, 0.942, 0.975, 0.986, 0.5, 0.5)
out$fdr <- obj(p = arr(pv), bh = arr(p.adjust(pv, "BH")), by = arr(p.adjust(pv, "BY")), bonferroni = arr(p.adjust(pv, "bonferroni")))

# chi-square for linear trend in proportions
tx <- c(15, 22, 30, 35, 41); tn <- c(200, 210, 205, 198, 202)
tr <- prop.trend.test(tx, tn)
out$trend <- obj(x = arr(tx), n = arr(tn), statistic = num(unname(tr$statistic)), p = num(tr$p.value))

# Mann-Kendall by formula (ties corrected, continuity corrected)
mk <- c(5, 7, 7, 6, 9, 8, 10, 10, 12, 11, 13)
S <- 0; nn <- length(mk); for (i in 1:(nn - 1)) for (j in (i + 1):nn) S <- S + sign(mk[j] - mk[i])
tt2 <- table(mk); vs <- (nn*(nn - 1)*(2*nn + 5) - sum(tt2*(tt2 - 1)*(2*tt2 + 5)))/18
zs <- if (S > 0) (S - 1)/sqrt(vs) else if (S < 0) (S + 1)/sqrt(vs) else 0
out$mann_kendall <- obj(values = arr(mk), S = num(S), variance = num(vs), z = num(zs), p = num(2*pnorm(-abs(zs))))

# Mahalanobis distances on standardised features
set.seed(3)
F <- cbind(a = rnorm(12, 50, 10), b = rnorm(12, 0.2, 0.05), c = rnorm(12, 8000, 2500)); F[, 3] <- F[, 3] + 100*F[, 1]
Fs <- scale(F); S <- cov(Fs); d1 <- sqrt(mahalanobis(Fs, Fs[1, ], S))
out$mahalanobis <- obj(a = arr(F[, 1]), b = arr(F[, 2]), c = arr(F[, 3]), distance_from_first = arr(d1))

cat("{", paste(sprintf('"%s":%s', names(out), unlist(out)), collapse = ",\n"), "}\n")
