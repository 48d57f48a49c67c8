# Build the WAR, then run it on the official Payara Micro 6 image against PostgreSQL.
#   docker build -t gatehouse .
#   docker run -p 8080:8080 -e DB_URL=jdbc:postgresql://db:5432/gatehouse -e DB_USER=gatehouse \
#       -e DB_PASSWORD=... -e GATEHOUSE_ADMIN_PASSWORD=... gatehouse
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /build
COPY pom.xml .
RUN mvn -B -q dependency:go-offline
COPY src src
RUN mvn -B -q package -DskipTests

FROM payara/micro:6.2025.10-jdk17
COPY --from=build /build/target/postgresql.jar /opt/payara/libs/postgresql.jar
COPY server-config/ /opt/payara/config/
COPY --from=build /build/target/gatehouse.war /opt/payara/deployments/gatehouse.war
EXPOSE 8080
CMD ["--nocluster", "--disablephonehome", \
     "--addLibs", "/opt/payara/libs/postgresql.jar", \
     "--prebootcommandfile", "/opt/payara/config/pre-boot-commands.asadmin", \
     "--postbootcommandfile", "/opt/payara/config/post-boot-commands.asadmin", \
     "--contextroot", "/", \
     "--deploy", "/opt/payara/deployments/gatehouse.war"]
