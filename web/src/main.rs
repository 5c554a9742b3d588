fn main() {
    asa_web::mount();
}
