import dev.gatehouse.config.GatehouseSettings;
import dev.gatehouse.user.PasswordHasher;

/** Times Gatehouse's Argon2id hash at the default parameters: bench/hash-cost.sh runs it. */
public class HashCost {
    public static void main(String[] args) {
        PasswordHasher hasher = new PasswordHasher(GatehouseSettings.defaults());
        String hash = hasher.hash("warm-up password");
        for (int i = 0; i < 100; i++) { // until the JIT has compiled Bouncy Castle's Argon2
            hasher.verify(hash, "warm-up password");
        }
        int runs = 50;
        long[] millis = new long[runs];
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            hasher.verify(hash, "correct horse battery staple");
            millis[i] = (System.nanoTime() - start) / 1_000_000;
        }
        java.util.Arrays.sort(millis);
        System.out.printf("Argon2id m=19456 KiB, t=2, p=1: median %d ms, p90 %d ms over %d verifications (one thread)%n",
                millis[runs / 2], millis[runs * 9 / 10], runs);
    }
}
